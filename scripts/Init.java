import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes this template your project, in one command run from the clone's root:
 *
 * <pre>
 * java scripts/Init.java --group com.acme --name shop [--without-stripe] [--dry-run]
 * </pre>
 *
 * It renames the template's example names (Java package, Maven group, application, database,
 * roles, token issuer and audience, compose project, titles) to yours, writes a git-ignored
 * {@code .env} with fresh secrets, and deletes itself. Everything is computed in memory and
 * checked before the first file is written; a failure while writing restores every file. See
 * docs/start-your-own-project.md. A single file for Java's source launcher: no build, no
 * dependency, the same on Linux, macOS and Windows (or in {@code eclipse-temurin:25-jdk}).
 */
public class Init {

    // The template's example names. The check at the end refuses to write a tree where any is left.
    static final String PACKAGE = "dev.useboth";
    static final String PACKAGE_PATH = "dev/useboth";
    static final Pattern LEFTOVER =
            Pattern.compile("(?i)useboth|use-both|use_both|(?<![a-z0-9_])app_(core|hot|owner)(?![a-z0-9_])"
                    + "|jdbc:postgresql://[^/\\s\"'`]+/app(?![a-z0-9_])|POSTGRES_DB(:-|=)app(?![a-z0-9_])");

    static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules", ".idea", ".vscode");
    static final String SELF = "scripts/Init.java";
    static final String SELF_TEST = "shared-schema/src/test/java/dev/useboth/schema/template/InitIT.java";
    static final String GUIDE = "docs/start-your-own-project.md";
    static final Set<String> KEYWORDS = Set.of(
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "native",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "short",
            "static",
            "strictfp",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "transient",
            "try",
            "void",
            "volatile",
            "while",
            "true",
            "false",
            "null",
            "_",
            "var",
            "yield",
            "record",
            "sealed",
            "permits");

    /** A reason to stop before anything is written: printed as one line, exit status 1 (2 for usage). */
    static final class Refusal extends RuntimeException {
        final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    record Options(String group, String name, String adminEmail, boolean dryRun, boolean withoutStripe) {}

    /** One rename rule: a pattern and its replacement, counted per file. */
    record Rule(String label, Pattern pattern, String replacement, boolean pomOnly) {}

    /** The new state of one file: content null means deleted; from is the old path of a move. */
    record Change(String path, byte[] content, String from, int replacements) {}

    public static void main(String[] args) {
        try {
            run(Path.of("").toAbsolutePath(), args);
        } catch (Refusal r) {
            if (r.status == 0) {
                System.out.println(r.getMessage());
                return;
            }
            System.err.println("init: " + r.getMessage());
            System.exit(r.status);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("init: failed, every file put back as it was: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(Path root, String[] args) throws IOException {
        Options options = parse(args);
        if (!Files.isRegularFile(root.resolve("pom.xml"))) {
            throw new Refusal(1, "run it from the project's root folder (where pom.xml is): java " + SELF + " ...");
        }
        if (!Files.readString(root.resolve("pom.xml")).contains("<groupId>" + PACKAGE + "</groupId>")) {
            throw new Refusal(1, "already initialized: the template's example names are gone from pom.xml");
        }
        if (Files.exists(root.resolve(".env"))) {
            throw new Refusal(1, "a .env exists: move it away first (this command writes a new one)");
        }
        checkCleanWorkTree(root);

        Plan plan = new Plan(root, options);
        plan.compute();
        if (options.dryRun()) {
            plan.print(System.out, "would ");
            System.out.println("Dry run: nothing changed.");
            return;
        }
        plan.apply();
        plan.print(System.out, "");
        System.out.println();
        System.out.println("Your project: package " + options.group() + "." + options.name() + ", group "
                + options.group() + ", compose project, database and role prefix " + options.name() + ".");
        System.out.println("First administrator: " + options.adminEmail() + " / " + plan.adminPassword);
        System.out.println("  (shown once; it is also in .env, which git ignores: keep .env out of version control)");
        System.out.println("Next: git add -A && git commit -m \"Start " + options.name()
                + "\", then docker compose up and ./mvnw verify.");
        if (!plan.longLines.isEmpty()) {
            System.out.println("Some Java lines now pass 120 columns (" + String.join(", ", plan.longLines)
                    + "): run ./mvnw spotless:apply once.");
        }
    }

    static Options parse(String[] args) {
        String group = null;
        String name = null;
        String adminEmail = "admin@example.com";
        boolean dryRun = false;
        boolean withoutStripe = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--group", "--name", "--admin-email" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw usage(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--group" -> group = value;
                        case "--name" -> name = value;
                        default -> adminEmail = value;
                    }
                }
                case "--dry-run" -> dryRun = true;
                case "--without-stripe" -> withoutStripe = true;
                case "--help", "-h" -> throw new Refusal(0, usageText());
                default -> throw usage("unknown argument '" + args[i] + "'");
            }
        }
        if (group == null || name == null) {
            throw usage("--group and --name are required");
        }
        if (!group.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
            throw usage("--group '" + group + "' must be a lower-case Java package such as com.acme");
        }
        for (String part : group.split("\\.")) {
            if (KEYWORDS.contains(part)) {
                throw usage("--group '" + group + "': '" + part + "' is a Java keyword");
            }
        }
        if (!name.matches("[a-z][a-z0-9_]{0,29}") || name.endsWith("_")) {
            throw usage("--name '" + name + "' must be a lower-case Java identifier (a-z, 0-9, _), 1-30 characters,"
                    + " such as shop");
        }
        if (KEYWORDS.contains(name)) {
            throw usage("--name '" + name + "' is a Java keyword");
        }
        if (name.equals("app")
                || (group + "." + name).startsWith(PACKAGE)
                || LEFTOVER.matcher(name).find()) {
            throw usage("--name '" + name + "' is one of the template's example names: choose your own");
        }
        if (!adminEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw usage("--admin-email '" + adminEmail + "' is not an email address");
        }
        return new Options(group, name, adminEmail, dryRun, withoutStripe);
    }

    static Refusal usage(String message) {
        return new Refusal(
                2,
                message + " (usage: java " + SELF + " --group com.acme --name shop"
                        + " [--without-stripe] [--admin-email you@example.com] [--dry-run])");
    }

    static String usageText() {
        return """
                usage: java scripts/Init.java --group com.acme --name shop [options]
                  --group GROUP         Maven groupId and package prefix (package GROUP.NAME)
                  --name NAME           project name: package, artifact, compose project, database, roles
                  --without-stripe      remove the Stripe adapter, its dependency and configuration
                  --admin-email EMAIL   the first administrator (default admin@example.com)
                  --dry-run             list what would change, change nothing""";
    }

    /** Refuses a work tree with uncommitted changes, so that `git diff` shows this command's alone. */
    static void checkCleanWorkTree(Path root) {
        if (!Files.exists(root.resolve(".git"))) {
            System.out.println("init: not a git work tree: no uncommitted-changes check");
            return;
        }
        String status;
        try {
            Process git = new ProcessBuilder("git", "-c", "safe.directory=*", "status", "--porcelain")
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .start();
            status = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                throw new Refusal(
                        1,
                        "git status failed: "
                                + status.strip().lines().findFirst().orElse(""));
            }
        } catch (IOException e) {
            // No git on the PATH (e.g. in the eclipse-temurin image): the files still change only
            // after every check passed, and git shows the result once you are back on your machine.
            System.out.println("init: git not found: no uncommitted-changes check (commit your own changes first)");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal(1, "interrupted");
        }
        if (!status.isBlank()) {
            long count = status.lines().count();
            throw new Refusal(
                    1,
                    "the work tree has uncommitted changes (" + count + " path" + (count == 1 ? "" : "s")
                            + ", see git status): commit or stash them first");
        }
    }

    static final class Plan {
        final Path root;
        final Options o;
        final List<Rule> rules = new ArrayList<>();
        final Map<String, Change> changes = new TreeMap<>();
        final List<String> longLines = new ArrayList<>();
        String adminPassword;

        Plan(Path root, Options options) {
            this.root = root;
            this.o = options;
            String pkg = o.group() + "." + o.name();
            String n = o.name();
            rules.add(new Rule(
                    "groupId",
                    Pattern.compile("<groupId>dev\\.useboth</groupId>"),
                    "<groupId>" + o.group() + "</groupId>",
                    true));
            rules.add(new Rule("package", Pattern.compile("(?<![\\w.])dev\\.useboth(?!\\w)"), pkg, false));
            rules.add(new Rule(
                    "package folder", Pattern.compile("(?<![\\w.])dev/useboth(?!\\w)"), pkg.replace('.', '/'), false));
            rules.add(new Rule("name", Pattern.compile("(?<![A-Za-z0-9_])use-both(?![A-Za-z0-9_])"), n, false));
            rules.add(new Rule(
                    "roles",
                    Pattern.compile("(?<![A-Za-z0-9_])app_(core|hot|owner)(?![A-Za-z0-9_])"),
                    n + "_$1",
                    false));
            // The database's name, "app", only where it names the database.
            rules.add(new Rule(
                    "database",
                    Pattern.compile("(jdbc:postgresql://[^/\\s\"'`]+/)app(?![A-Za-z0-9_])"),
                    "$1" + n,
                    false));
            rules.add(
                    new Rule("database", Pattern.compile("(POSTGRES_DB(?::-|=))app(?![A-Za-z0-9_])"), "$1" + n, false));
            rules.add(new Rule(
                    "database",
                    Pattern.compile("((?:psql|pgbench|pg_isready)\\b[^\\n|]*? -d )app(?![\\w-])"),
                    "$1" + n,
                    false));
            rules.add(new Rule("database", Pattern.compile("(psql -U [a-z0-9_]+ )app(?![\\w-])"), "$1" + n, false));
            rules.add(new Rule("database", Pattern.compile("(database \\(?`)app(`)"), "$1" + n + "$2", false));
        }

        void compute() throws IOException {
            List<String> files = listFiles();
            for (String path : files) {
                if (path.equals(SELF) || path.equals(SELF_TEST)) {
                    changes.put(path, new Change(path, null, null, 0));
                    continue;
                }
                if (o.withoutStripe() && isStripeOnly(path)) {
                    changes.put(path, new Change(path, null, null, 0));
                    continue;
                }
                byte[] bytes = Files.readAllBytes(root.resolve(path));
                String text = decode(bytes);
                byte[] updated = bytes;
                int count = 0;
                if (text != null) {
                    String original = text;
                    if (path.equals(GUIDE)) {
                        text = guideAfterwards();
                    } else {
                        for (Rule rule : rules) {
                            if (rule.pomOnly() && !path.endsWith("pom.xml")) {
                                continue;
                            }
                            Matcher m = rule.pattern().matcher(text);
                            StringBuilder out = new StringBuilder();
                            while (m.find()) {
                                count++;
                                m.appendReplacement(out, rule.replacement());
                            }
                            m.appendTail(out);
                            text = out.toString();
                        }
                        if (path.endsWith(".java") && count > 0) {
                            text = JavaImports.resort(original, text);
                            noteLongLines(path, original, text);
                        }
                        if (o.withoutStripe()) {
                            text = Stripe.remove(path, text);
                        }
                        text = Stripe.dropMarkers(text);
                    }
                    Matcher left = LEFTOVER.matcher(text);
                    if (left.find()) {
                        int line = (int) text.substring(0, left.start()).lines().count();
                        throw new Refusal(
                                1,
                                "cannot rename " + path + ":" + Math.max(line, 1) + " ('" + left.group()
                                        + "' is not in a form this command knows): nothing changed");
                    }
                    if (o.withoutStripe()) {
                        Stripe.check(path, text);
                    }
                    if (!text.equals(original)) {
                        updated = text.getBytes(StandardCharsets.UTF_8);
                    }
                }
                String target = movedPath(path);
                if (!target.equals(path)) {
                    changes.put(path, new Change(path, null, null, 0));
                    changes.put(target, new Change(target, updated, path, count));
                } else if (updated != bytes) {
                    changes.put(path, new Change(path, updated, null, count));
                }
            }
            changes.put(".env", new Change(".env", envFile().getBytes(StandardCharsets.UTF_8), null, 0));
        }

        String movedPath(String path) {
            Matcher m = Pattern.compile("(^|/)dev/useboth(/|$)").matcher(path);
            String pkgPath = (o.group() + "." + o.name()).replace('.', '/');
            return m.replaceAll("$1" + Matcher.quoteReplacement(pkgPath) + "$2");
        }

        boolean isStripeOnly(String path) {
            String file = path.substring(path.lastIndexOf('/') + 1);
            return (path.startsWith("core-service/src/") && file.startsWith("Stripe") && file.endsWith(".java"))
                    || path.equals("docs/how-to/configure-stripe.md");
        }

        void noteLongLines(String path, String before, String after) {
            long was = before.lines()
                    .filter(l -> l.length() > 120 && !l.startsWith("import "))
                    .count();
            long now = after.lines()
                    .filter(l -> l.length() > 120 && !l.startsWith("import "))
                    .count();
            if (now > was) {
                longLines.add(path);
            }
        }

        List<String> listFiles() throws IOException {
            List<String> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> {
                            for (Path part : root.relativize(p)) {
                                if (SKIPPED_DIRS.contains(part.toString())) {
                                    return false;
                                }
                            }
                            return Files.isRegularFile(p);
                        })
                        .map(p -> root.relativize(p).toString().replace('\\', '/'))
                        .filter(p -> !p.equals(".env")
                                && !p.equals(".mvn/wrapper/maven-wrapper.jar")
                                && !p.startsWith("bench/results/"))
                        .sorted()
                        .forEach(files::add);
            }
            return files;
        }

        String guideAfterwards() {
            return "# Start your own project\n\n"
                    + "This project was made from a starter template on " + LocalDate.now() + " with\n\n"
                    + "```sh\njava scripts/Init.java --group " + o.group() + " --name " + o.name()
                    + (o.withoutStripe() ? " --without-stripe" : "") + "\n```\n\n"
                    + "which named the Java package `" + o.group() + "." + o.name() + "`, the Maven group `" + o.group()
                    + "`, the compose project, the database and the token audience `" + o.name()
                    + "`, the database roles `" + o.name() + "_owner`, `" + o.name() + "_core` and `" + o.name()
                    + "_hot`, the token issuer `" + o.name() + "-core`, and wrote fresh secrets to `.env` (ignored by"
                    + " git: keep it out of version control, and give every environment its own)."
                    + (o.withoutStripe() ? " It removed the Stripe adapter: the manual payment provider remains." : "")
                    + " The command then removed itself.\n\n"
                    + "Run it with `docker compose up`; test it with `./mvnw verify` (see the [README](../README.md)).\n";
        }

        String envFile() {
            SecureRandom random = new SecureRandom();
            adminPassword = secret(random, 24);
            String key;
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"), random);
                // One line: compose's .env takes no multi-line values; the core strips the PEM's
                // header, footer and whitespace before decoding.
                key = "-----BEGIN PRIVATE KEY-----"
                        + Base64.getEncoder()
                                .encodeToString(
                                        generator.generateKeyPair().getPrivate().getEncoded())
                        + "-----END PRIVATE KEY-----";
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("this JDK cannot make an EC P-256 key", e);
            }
            return "# " + o.name() + "'s own secrets, generated by scripts/Init.java on " + LocalDate.now() + ".\n"
                    + "# docker compose reads this file; git ignores it. Keep it out of version control and give\n"
                    + "# every environment its own. .env.example lists every variable the stack reads.\n"
                    + "\n"
                    + "# The database owner (runs migrations), the core's role and the hot path's role.\n"
                    + "POSTGRES_PASSWORD=" + secret(random, 32) + "\n"
                    + "CORE_DB_PASSWORD=" + secret(random, 32) + "\n"
                    + "HOT_DB_PASSWORD=" + secret(random, 32) + "\n"
                    + "\n"
                    + "# The first administrator, created at the first start (ignored once one exists).\n"
                    + "FIRST_ADMIN_EMAIL=" + o.adminEmail() + "\n"
                    + "FIRST_ADMIN_PASSWORD=" + adminPassword + "\n"
                    + "\n"
                    + "# The access tokens' signing key (PKCS#8 PEM of an EC P-256 key, on one line) and its id.\n"
                    + "AUTH_JWT_PRIVATE_KEY=" + key + "\n"
                    + "AUTH_JWT_KEY_ID=" + o.name() + "-" + LocalDate.now() + "\n";
        }

        static String secret(SecureRandom random, int length) {
            String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return s.toString();
        }

        void print(java.io.PrintStream out, String verb) {
            int files = 0;
            int total = 0;
            for (Change c : changes.values()) {
                if (c.content() == null) {
                    if (changes.values().stream().noneMatch(m -> c.path().equals(m.from()))) {
                        out.println(verb + "delete  " + c.path());
                        files++;
                    }
                } else if (c.from() != null) {
                    out.println(verb + "move    " + c.from() + " -> " + c.path() + " (" + c.replacements()
                            + " replacements)");
                    files++;
                } else if (c.path().equals(".env")) {
                    out.println(verb + "write   .env (fresh secrets)");
                    files++;
                } else {
                    out.println(verb + "change  " + c.path() + " (" + c.replacements() + " replacements)");
                    files++;
                }
                total += c.replacements();
            }
            out.println(files + " files, " + total + " replacements.");
        }

        /** Writes every change; on any failure puts back every file as it was. */
        void apply() throws IOException {
            Map<Path, byte[]> before = new LinkedHashMap<>();
            List<Path> createdDirs = new ArrayList<>();
            String current = null;
            try {
                for (Change c : changes.values()) {
                    current = c.path();
                    Path p = root.resolve(c.path());
                    before.put(p, Files.exists(p) ? Files.readAllBytes(p) : null);
                }
                for (Change c : changes.values()) {
                    if (c.content() != null) {
                        current = c.path();
                        Path p = root.resolve(c.path());
                        Path dir = p.getParent();
                        List<Path> missing = new ArrayList<>();
                        for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) {
                            missing.add(d);
                        }
                        Files.createDirectories(dir);
                        createdDirs.addAll(missing);
                        Files.write(p, c.content());
                        if (c.path().equals(".env")
                                && p.getFileSystem()
                                        .supportedFileAttributeViews()
                                        .contains("posix")) {
                            // Secrets: readable by their owner only.
                            Files.setPosixFilePermissions(
                                    p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                        }
                    }
                }
                for (Change c : changes.values()) {
                    if (c.content() == null) {
                        current = c.path();
                        Files.deleteIfExists(root.resolve(c.path()));
                    }
                }
                removeEmptyDirs();
            } catch (IOException | RuntimeException e) {
                for (Map.Entry<Path, byte[]> entry : before.entrySet()) {
                    try {
                        if (entry.getValue() == null) {
                            Files.deleteIfExists(entry.getKey());
                        } else {
                            Files.createDirectories(entry.getKey().getParent());
                            Files.write(entry.getKey(), entry.getValue());
                        }
                    } catch (IOException restore) {
                        e.addSuppressed(restore);
                    }
                }
                createdDirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
                for (Path d : createdDirs) {
                    try {
                        Files.deleteIfExists(d);
                    } catch (IOException ignored) {
                        // not empty: something else is in it, leave it
                    }
                }
                throw new IOException(current + ": " + e.getMessage(), e);
            }
        }

        void removeEmptyDirs() throws IOException {
            for (Change c : changes.values()) {
                if (c.content() != null) {
                    continue;
                }
                for (Path d = root.resolve(c.path()).getParent(); d != null && !d.equals(root); d = d.getParent()) {
                    try (Stream<Path> entries = Files.list(d)) {
                        if (entries.findAny().isPresent()) {
                            break;
                        }
                    } catch (java.nio.file.NoSuchFileException gone) {
                        continue;
                    }
                    Files.delete(d);
                }
            }
        }
    }

    /** UTF-8 text, or null for a binary file (moved as it is). */
    static String decode(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * A renamed package sorts differently among the imports; the formatter (palantir-java-format,
     * checked by Spotless) wants them sorted: static imports, a blank line, the others, each group
     * in lexicographic order. Only a block that was in that order before is sorted again.
     */
    static final class JavaImports {
        static String resort(String before, String after) {
            String[] a = after.split("(?<=\n)", -1);
            int first = -1;
            int last = -1;
            for (int i = 0; i < a.length; i++) {
                String line = a[i].strip();
                if (line.startsWith("import ")) {
                    if (first < 0) {
                        first = i;
                    }
                    last = i;
                } else if (first >= 0 && !line.isEmpty()) {
                    break;
                }
            }
            if (first < 0 || !isCanonical(block(before.split("(?<=\n)", -1)))) {
                return after;
            }
            String eol = a[first].endsWith("\r\n") ? "\r\n" : "\n";
            List<String> lines = new ArrayList<>();
            for (int i = first; i <= last; i++) {
                if (!a[i].isBlank()) {
                    lines.add(a[i].strip());
                }
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < first; i++) {
                out.append(a[i]);
            }
            out.append(String.join(eol, canonical(lines))).append(eol);
            for (int i = last + 1; i < a.length; i++) {
                out.append(a[i]);
            }
            return out.toString();
        }

        static List<String> block(String[] a) {
            List<String> lines = new ArrayList<>();
            boolean started = false;
            for (String raw : a) {
                String line = raw.strip();
                if (line.startsWith("import ")) {
                    started = true;
                    lines.add(line);
                } else if (started && line.isEmpty()) {
                    lines.add("");
                } else if (started) {
                    break;
                }
            }
            while (!lines.isEmpty() && lines.getLast().isEmpty()) {
                lines.removeLast();
            }
            return lines;
        }

        static boolean isCanonical(List<String> lines) {
            return lines.equals(
                    canonical(lines.stream().filter(l -> !l.isEmpty()).toList()));
        }

        static List<String> canonical(List<String> imports) {
            Comparator<String> byName = Comparator.comparing(
                    l -> l.replaceFirst("^import (static )?", "").replaceFirst(";.*$", ""));
            List<String> statics = imports.stream()
                    .filter(l -> l.startsWith("import static "))
                    .sorted(byName)
                    .toList();
            List<String> others = imports.stream()
                    .filter(l -> !l.startsWith("import static "))
                    .sorted(byName)
                    .toList();
            List<String> out = new ArrayList<>(statics);
            if (!statics.isEmpty() && !others.isEmpty()) {
                out.add("");
            }
            out.addAll(others);
            return out;
        }
    }

    /**
     * --without-stripe: the adapter's classes are the core's {@code Stripe*.java} (main and test);
     * this removes the rest, file by file: the library from the POMs, its settings from
     * application.yml, compose and .env.example, its variables and passages from the docs. A
     * Markdown passage only about Stripe sits between {@code <!-- stripe -->} and
     * {@code <!-- /stripe -->} lines (the markers themselves go in every run).
     */
    static final class Stripe {
        static final Pattern MARKED = Pattern.compile(
                "(?m)^[ \\t]*<!-- stripe -->[ \\t]*\\r?\\n(?s:.*?)^[ \\t]*<!-- /stripe -->[ \\t]*\\r?\\n");
        // Passages about the template itself (how to run this command) go in every run.
        static final Pattern TEMPLATE = Pattern.compile(
                "(?m)^[ \\t]*<!-- template -->[ \\t]*\\r?\\n(?s:.*?)^[ \\t]*<!-- /template -->[ \\t]*\\r?\\n");
        static final Pattern MARKER = Pattern.compile("(?m)^[ \\t]*<!-- /?stripe -->[ \\t]*\\r?\\n");

        static String dropMarkers(String text) {
            return MARKER.matcher(TEMPLATE.matcher(text).replaceAll("")).replaceAll("");
        }

        static String remove(String path, String text) {
            if (path.endsWith("pom.xml")) {
                text = text.replaceAll(
                        "(?m)^[ \\t]*<stripe-java\\.version>[^<]*</stripe-java\\.version>[ \\t]*\\r?\\n", "");
                text = text.replaceAll(
                        "(?m)^[ \\t]*<dependency>[ \\t]*\\r?\\n[ \\t]*<groupId>com\\.stripe</groupId>(?s:.*?)</dependency>[ \\t]*\\r?\\n",
                        "");
            } else if (path.endsWith("application.yml")) {
                // The "stripe:" block: its line and every line indented deeper.
                text = text.replaceAll(
                        "(?m)^([ \\t]+)stripe:[ \\t]*\\r?\\n(?:\\1[ \\t]+.*\\r?\\n|[ \\t]*\\r?\\n(?=\\1[ \\t]))*", "");
                text = text.replace(" or stripe.", ".");
            } else if (path.endsWith("docker-compose.yml") || path.endsWith(".env.example")) {
                text = text.replaceAll("(?m)^#[^\\n]*Stripe[^\\n]*\\r?\\n(?=(?:[ \\t]*STRIPE_))", "");
                text = text.replaceAll("(?m)^[ \\t]*#?[ \\t]*STRIPE_[A-Z_]*[:=][^\\n]*\\r?\\n", "");
                text = text.replace(" or stripe.", ".");
            } else if (path.endsWith(".md")) {
                text = MARKED.matcher(text).replaceAll("");
                // Table rows about a Stripe variable or the Stripe guide.
                text = text.replaceAll("(?m)^\\|[^\\n]*(STRIPE_|configure-stripe\\.md|Stripe-Signature)[^\\n]*\\r?\\n", "");
                // Inline: a list of Stripe variables, the provider's name among the choices.
                text = text.replaceAll(",\\s*`STRIPE_[A-Z_]+`", "");
                text = text.replaceAll(" or `stripe`(?: \\([^)]*\\))?", "");
                text = text.replace(" and Stripe is off", "");
            }
            return text;
        }

        static void check(String path, String text) {
            for (String left : List.of("com.stripe", "stripe-java", "STRIPE_", "configure-stripe.md", "Stripe-Signature")) {
                if (text.contains(left)) {
                    throw new Refusal(
                            1,
                            "--without-stripe cannot remove Stripe cleanly from " + path + " ('" + left
                                    + "' is left outside a <!-- stripe --> passage): nothing changed");
                }
            }
        }
    }
}
