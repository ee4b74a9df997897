package dev.useboth.schema.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link and every repository path named in README.md and docs/ exists, so the
 * docs cannot silently drift from the code. (It lives here because shared-schema is the module
 * every build runs first; it reads the repository root.)
 */
class DocsLinksTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    // [text](target) links, minus external ones and pure anchors.
    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    // `path/like/this.ext` or `dir/` in backticks, starting with a top-level folder of the repo.
    static final Pattern CODE_PATH = Pattern.compile(
            "`((?:shared-schema|core-service|hot-path-service|docs|bench|scripts|gateway|\\.ci|\\.github)/[^`\\s*<>{}]*)`");

    @Test
    void everyLinkAndPathInTheDocsExists() throws IOException {
        List<Path> documents = new ArrayList<>();
        documents.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(documents::add);
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path document : documents) {
            String text = Files.readString(document);
            Matcher links = LINK.matcher(text);
            while (links.find()) {
                String target = links.group(1);
                if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
                    continue;
                }
                String file = target.replaceFirst("#.*$", "");
                checked++;
                if (!Files.exists(document.getParent().resolve(file).normalize())) {
                    broken.add(ROOT.relativize(document) + ": link " + target);
                }
            }
            Matcher paths = CODE_PATH.matcher(text);
            while (paths.find()) {
                String path = paths.group(1).replaceFirst("[:#].*$", "");
                checked++;
                if (!Files.exists(ROOT.resolve(path))) {
                    broken.add(ROOT.relativize(document) + ": path " + path);
                }
            }
        }
        assertThat(checked).as("links and paths checked (the scan works)").isPositive();
        assertThat(broken).as("broken links or paths in README.md and docs/").isEmpty();
    }
}
