package dev.useboth.schema.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "make it yours" command, {@code scripts/Init.java}, run as a user runs it (Java's source
 * launcher, a separate process) on a committed copy of this repository. The copy then compiles,
 * passes the formatting check and its unit tests, and holds none of the template's example names.
 * Bad arguments, a dry run, a dirty work tree and a second run change nothing. (It lives here
 * because shared-schema is the module every build runs first; it reads the repository root.)
 *
 * <p>The two cases that build a renamed copy take minutes: they run in CI ({@code CI=true}, set by
 * .ci/run) or with {@code -Dtemplate.build=true} ({@code false} skips them in CI); the others run
 * in every build.
 */
class InitIT {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    // The template's example names: none may be left anywhere in an initialized tree.
    static final Pattern EXAMPLE_NAMES =
            Pattern.compile("(?i)useboth|use-both|use_both|(?<![a-z0-9_])app_(core|hot|owner)(?![a-z0-9_])"
                    + "|jdbc:postgresql://[^/\\s\"'`]+/app(?![a-z0-9_])|POSTGRES_DB(:-|=)app(?![a-z0-9_])");

    @TempDir
    Path temp;

    record Run(int status, String out, String err) {}

    @Test
    void badArgumentsExitNonZeroWithAOneLineReasonAndChangeNothing() throws Exception {
        Path repo = copyOfTheRepository();
        Map<String, String> before = snapshot(repo);
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("--name", "shop"), "--group and --name are required");
        cases.put(List.of("--group", "Com.Acme", "--name", "shop"), "must be a lower-case Java package");
        cases.put(List.of("--group", "com.acme", "--name", "my-shop"), "must be a lower-case Java identifier");
        cases.put(List.of("--group", "com.acme", "--name", "class"), "is a Java keyword");
        cases.put(List.of("--group", "com.acme", "--name", "shop", "--colour", "blue"), "unknown argument");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            Run run = init(repo, c.getKey().toArray(String[]::new));
            assertThat(run.status()).as("exit status of %s", c.getKey()).isNotZero();
            assertThat(run.err().strip().lines()).as("stderr of %s", c.getKey()).hasSize(1);
            assertThat(run.err()).startsWith("init: ").contains(c.getValue());
        }
        assertThat(snapshot(repo)).isEqualTo(before);
    }

    @Test
    void aDryRunListsEveryChangeAndChangesNothing() throws Exception {
        Path repo = copyOfTheRepository();
        Map<String, String> before = snapshot(repo);

        Run run = init(repo, "--group", "com.acme", "--name", "shop", "--without-stripe", "--dry-run");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("would move    core-service/src/main/java/dev/useboth/core/CoreApplication.java"
                        + " -> core-service/src/main/java/com/acme/shop/core/CoreApplication.java")
                .contains("would change  docker-compose.yml (")
                .contains("would delete  scripts/Init.java")
                .contains("would write   .env")
                .containsPattern("\\d+ files, \\d+ replacements\\.")
                .contains("Dry run: nothing changed.");
        assertThat(snapshot(repo)).isEqualTo(before);
        assertThat(repo.resolve(".env")).doesNotExist();
    }

    @Test
    void aDirtyWorkTreeOrAnExistingEnvFileIsRefused() throws Exception {
        Path repo = copyOfTheRepository();
        Files.writeString(repo.resolve("notes.txt"), "mine\n");
        Map<String, String> before = snapshot(repo);

        Run dirty = init(repo, "--group", "com.acme", "--name", "shop");

        assertThat(dirty.status()).isNotZero();
        assertThat(dirty.err()).contains("uncommitted changes").hasLineCount(1);
        assertThat(snapshot(repo)).isEqualTo(before);

        Files.delete(repo.resolve("notes.txt"));
        Files.writeString(repo.resolve(".env"), "MINE=1\n");
        Run env = init(repo, "--group", "com.acme", "--name", "shop");
        assertThat(env.status()).isNotZero();
        assertThat(env.err()).contains("a .env exists").hasLineCount(1);
        assertThat(repo.resolve(".env")).hasContent("MINE=1");
    }

    @Test
    void aFailureHalfWayPutsEveryFileBack() throws Exception {
        Path repo = copyOfTheRepository();
        // A file (that git is told to ignore) where the hot path's package folders must go: writing
        // there fails after .env, the docs, the POMs and the core's classes (in path order) were written.
        Files.writeString(repo.resolve("hot-path-service/src/main/java/com"), "in the way\n");
        Files.writeString(repo.resolve(".git/info/exclude"), "/hot-path-service/src/main/java/com\n");
        Map<String, String> before = snapshot(repo);

        Run run = init(repo, "--group", "com.acme", "--name", "shop");

        assertThat(run.status()).isNotZero();
        assertThat(run.err())
                .startsWith("init: failed, every file put back as it was: ")
                .contains("hot-path-service/src/main/java/com")
                .hasLineCount(1);
        assertThat(snapshot(repo)).isEqualTo(before);
        assertThat(repo.resolve(".env")).doesNotExist();
        assertThat(git(repo, "status", "--porcelain").out()).isEmpty();
    }

    @Test
    @EnabledIf("buildsCopies")
    void theRenamedProjectHasNoExampleNameLeftAndPassesItsBuild() throws Exception {
        Path repo = copyOfTheRepository();
        String envExample = Files.readString(repo.resolve(".env.example"));
        Path savedInit = Files.copy(repo.resolve("scripts/Init.java"), temp.resolve("Init.java"));

        Run run = init(repo, "--group", "com.acme", "--name", "shop");

        assertThat(run.status()).as(run.err()).isZero();
        assertNoExampleNameLeft(repo);
        assertThat(repo.resolve("core-service/src/main/java/com/acme/shop/core/CoreApplication.java"))
                .exists();
        assertThat(repo.resolve("hot-path-service/src/main/java/com/acme/shop/hotpath/HotPathMain.java"))
                .exists();
        assertThat(repo.resolve("shared-schema/src/test/java/com/acme/shop/schema/testing/TestDatabase.java"))
                .content()
                .contains("package com.acme.shop.schema.testing;", "\"shop_core\"", "\"shop_hot\"");
        for (String module : List.of("shared-schema", "core-service", "hot-path-service")) {
            assertThat(repo.resolve(module + "/src/main/java/dev")).doesNotExist();
            assertThat(repo.resolve(module + "/src/test/java/dev")).doesNotExist();
        }
        assertThat(repo.resolve("pom.xml"))
                .content()
                .contains("<groupId>com.acme</groupId>", "<artifactId>shop-parent</artifactId>");
        assertThat(repo.resolve("docker-compose.yml"))
                .content()
                .contains("name: shop\n", "${POSTGRES_DB:-shop}", "CORE_DB_USER: shop_core", "shop-core");
        assertThat(repo.resolve("README.md")).content().startsWith("# shop\n");
        assertThat(repo.resolve("scripts/Init.java")).doesNotExist();
        assertThat(repo.resolve("docs/start-your-own-project.md"))
                .content()
                .contains("--group com.acme --name shop", "removed itself");

        // Fresh secrets in .env, none of them in .env.example (which only follows the renames).
        Properties env = new Properties();
        env.load(Files.newBufferedReader(repo.resolve(".env")));
        List<String> secrets = new ArrayList<>();
        for (String key : List.of("POSTGRES_PASSWORD", "CORE_DB_PASSWORD", "HOT_DB_PASSWORD", "FIRST_ADMIN_PASSWORD")) {
            assertThat(env.getProperty(key))
                    .as(key)
                    .hasSizeGreaterThanOrEqualTo(24)
                    .matches("[A-Za-z0-9]+");
            secrets.add(env.getProperty(key));
        }
        assertThat(secrets).doesNotHaveDuplicates();
        assertThat(run.out()).contains("First administrator: admin@example.com / " + env.get("FIRST_ADMIN_PASSWORD"));
        String pem = env.getProperty("AUTH_JWT_PRIVATE_KEY");
        byte[] der = Base64.getDecoder()
                .decode(pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", ""));
        ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        assertThat(key.getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        String newEnvExample = Files.readString(repo.resolve(".env.example"));
        assertThat(newEnvExample)
                .isEqualTo(envExample
                        .replace("app_owner", "shop_owner")
                        .replace("POSTGRES_DB=app", "POSTGRES_DB=shop")
                        .replace("use-both", "shop"));
        secrets.forEach(secret -> assertThat(newEnvExample).doesNotContain(secret));

        // git: .env ignored; every changed path is one that held an example name (or the command).
        assertThat(git(repo, "check-ignore", "-q", ".env").status()).isZero();
        assertThat(git(repo, "add", "-A").status()).isZero();
        for (String line : git(repo, "diff", "--cached", "--name-status", "-M", "HEAD")
                .out()
                .lines()
                .toList()) {
            String[] parts = line.split("\t");
            String path = parts[1];
            assertThat(path.contains("dev/useboth")
                            || path.equals("scripts/Init.java")
                            || path.equals("docs/start-your-own-project.md")
                            || EXAMPLE_NAMES
                                    .matcher(git(repo, "show", "HEAD:" + path).out())
                                    .find())
                    .as("%s changed without holding an example name", line)
                    .isTrue();
        }
        assertThat(git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "Start shop")
                        .status())
                .isZero();

        // A second run (from a kept copy of the command) finds nothing to rename and stops.
        Map<String, String> initialized = snapshot(repo);
        Run again = run(repo, JAVA.toString(), savedInit.toString(), "--group", "com.acme", "--name", "shop");
        assertThat(again.status()).isNotZero();
        assertThat(again.err()).contains("already initialized").hasLineCount(1);
        assertThat(snapshot(repo)).isEqualTo(initialized);

        build(repo);
    }

    @Test
    @EnabledIf("buildsCopies")
    void withoutStripeTheProjectCarriesNoStripeCodeNorSettingsAndPassesItsBuild() throws Exception {
        Path repo = copyOfTheRepository();
        Map<String, String> migrations = snapshot(repo.resolve("shared-schema/src/main/resources/db"));

        Run run = init(repo, "--group", "org.example", "--name", "tally", "--without-stripe");

        assertThat(run.status()).as(run.err()).isZero();
        assertNoExampleNameLeft(repo);
        try (Stream<Path> files = Files.walk(repo)) {
            List<String> left = files.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(repo.resolve(".git")))
                    .filter(p -> p.getFileName().toString().startsWith("Stripe")
                            || contains(
                                    p,
                                    "com.stripe",
                                    "stripe-java",
                                    "STRIPE_",
                                    "Stripe-Signature",
                                    "configure-stripe",
                                    "<!-- stripe"))
                    .map(p -> repo.relativize(p).toString())
                    .toList();
            assertThat(left).isEmpty();
        }
        assertThat(repo.resolve("docs/how-to/configure-stripe.md")).doesNotExist();
        assertThat(repo.resolve("core-service/src/main/java/org/example/tally/core/billing/ManualPaymentProvider.java"))
                .exists();
        // The schema is shared history: its migrations (webhook_events included) stay as they were.
        assertThat(snapshot(repo.resolve("shared-schema/src/main/resources/db")))
                .isEqualTo(migrations);

        build(repo);
    }

    /** -Dtemplate.build=true or false decides; otherwise CI does. */
    static boolean buildsCopies() {
        String property = System.getProperty("template.build");
        return property != null ? Boolean.parseBoolean(property) : "true".equals(System.getenv("CI"));
    }

    /** Compiles every module, checks the formatting and runs the unit tests of the renamed copy. */
    void build(Path repo) throws Exception {
        boolean windows = System.getProperty("os.name").startsWith("Windows");
        Path log = temp.resolve("build-" + repo.getFileName() + ".log");
        ProcessBuilder maven = new ProcessBuilder(
                        repo.resolve(windows ? "mvnw.cmd" : "mvnw").toString(), "-B", "-ntp", "spotless:check", "test")
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        maven.environment().put("JAVA_HOME", System.getProperty("java.home"));
        maven.environment().remove("MAVEN_ARGS");
        Process process = maven.start();
        assertThat(process.waitFor(20, TimeUnit.MINUTES)).isTrue();
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            System.out.println(String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size())));
        }
        assertThat(process.exitValue())
                .as("build of the renamed copy (log: %s)", log)
                .isZero();
    }

    void assertNoExampleNameLeft(Path repo) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(repo)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String relative = repo.relativize(p).toString().replace('\\', '/');
                if (relative.startsWith(".git/") || relative.startsWith("target/") || relative.contains("/target/")) {
                    continue;
                }
                if (EXAMPLE_NAMES.matcher(relative).find()) {
                    found.add(relative);
                }
                var matcher = EXAMPLE_NAMES.matcher(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
                if (matcher.find()) {
                    found.add(relative + ": " + matcher.group());
                }
            }
        }
        assertThat(found).as("example names left").isEmpty();
    }

    static boolean contains(Path file, String... needles) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            for (String needle : needles) {
                if (text.contains(needle)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The repository's files (tracked, and new ones not ignored) in a fresh git repository, committed. */
    Path copyOfTheRepository() throws Exception {
        Path repo = Files.createTempDirectory(temp, "repo");
        String files = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                .out();
        for (String file : files.split("\0")) {
            Path source = ROOT.resolve(file);
            if (file.isEmpty() || !Files.isRegularFile(source)) {
                continue; // deleted in the work tree, not yet committed
            }
            Path target = repo.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        assertThat(git(repo, "init", "-q").status()).isZero();
        assertThat(git(repo, "add", "-A").status()).isZero();
        assertThat(git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "template")
                        .status())
                .isZero();
        return repo;
    }

    Run init(Path repo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "scripts/Init.java"));
        command.addAll(List.of(args));
        return run(repo, command.toArray(String[]::new));
    }

    static Run git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        return run(dir, command.toArray(String[]::new));
    }

    static Run run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        process.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                err.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.completeExceptionally(e);
            }
        });
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), out, err.get(1, TimeUnit.MINUTES));
    }

    /** Path to SHA-256 of every file under {@code dir}, .git excepted. */
    static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> hashes = new TreeMap<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (!dir.relativize(p).startsWith(".git")) {
                    hashes.put(
                            dir.relativize(p).toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
                }
            }
        }
        return hashes;
    }
}
