package io.guestlink.app;

import io.guestlink.app.cli.GuestLinkCli;
import io.guestlink.config.Setting;
import io.guestlink.config.Settings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation must stay true: README.md is the front door and docs/ holds one page per subject. Every setting
 * is documented with its default in docs/configuration.md, every command in docs/configuration.md or
 * docs/operations.md, every link between the pages reaches an existing file and heading, and every page is reachable
 * from the README.
 */
class DocsTest {
    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    /** A Markdown link or image target: [text](target). */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*$");
    /** "(issue 6)", "issue #12", "issues 3": tracker references belong in the history, not in the documentation. */
    private static final Pattern ISSUE_NUMBER = Pattern.compile("(?i)\\bissues?\\s*#?\\d+");

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> pages() {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    @Test
    void everySettingIsDocumentedWithItsDefaultInTheConfigurationPage() {
        String configuration = read(DOCS.resolve("configuration.md"));
        for (Setting s : Settings.ALL) {
            assertThat(configuration).as("docs/configuration.md documents " + s.key()).contains("| `" + s.key() + "` |");
            if (!s.defaultValue().isEmpty()) assertThat(configuration).as("docs/configuration.md gives the default of " + s.key())
                    .contains("| `" + s.key() + "` | `" + s.defaultValue() + "` |");
        }
    }

    @Test
    void everyCommandIsDocumented() {
        String commandPages = read(DOCS.resolve("configuration.md")) + read(DOCS.resolve("operations.md"));
        for (String name : new CommandLine(new GuestLinkCli()).getSubcommands().keySet()) {
            assertThat(commandPages).as("docs/configuration.md or docs/operations.md documents the command " + name)
                    .contains("| `" + name);
        }
    }

    @Test
    void everyLinkReachesAnExistingFileAndHeading() {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher m = LINK.matcher(withoutCodeBlocks(read(page)));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) continue;   // http:, https:, mailto:
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchors(read(resolved)).contains(target.substring(hash + 1))) {
                    broken.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).as("links that lead nowhere").isEmpty();
    }

    @Test
    void theReadmeIsAShortFrontDoorThatLeadsToEveryPage() {
        String readme = read(README);
        assertThat(readme.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).as("README.md size in bytes")
                .isLessThan(12_000);
        assertThat(readme).as("README.md has the demo command")
                .contains("./mvnw -q -B package -DskipTests && java -jar target/guestlink.jar demo");
        assertThat(readme).as("README.md has the test command").contains("./mvnw -B verify");
        for (Path page : pages().subList(1, pages().size())) {
            assertThat(readme).as("README.md links " + page).contains("](docs/" + page.getFileName() + ")");
        }
    }

    /** Each package of the code has its paragraph in docs/architecture.md ("**`pipeline`** is ..."), and no other. */
    @Test
    void thePackageMapMatchesTheCode() throws IOException {
        Path root = Path.of("src/main/java/io/guestlink");
        Set<String> code = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> code.add(
                    root.relativize(f.getParent()).toString().replace(java.io.File.separatorChar, '.')));
        }
        Set<String> documented = new java.util.TreeSet<>();
        Matcher m = Pattern.compile("\\*\\*`([a-z0-9.]+)`\\*\\*").matcher(read(DOCS.resolve("architecture.md")));
        while (m.find()) documented.add(m.group(1));
        assertThat(documented).as("packages described in docs/architecture.md").isEqualTo(code);
    }

    @Test
    void noPageNamesAnIssueNumber() {
        for (Path page : pages()) {
            assertThat(ISSUE_NUMBER.matcher(read(page)).results().map(java.util.regex.MatchResult::group).toList())
                    .as(page + " names no issue number").isEmpty();
        }
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        for (String line : withoutCodeBlocks(markdown).split("\n")) {
            Matcher h = HEADING.matcher(line);
            if (!h.matches()) continue;
            String slug = h.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            String anchor = slug;
            for (int n = 1; !anchors.add(anchor); n++) anchor = slug + "-" + n;
        }
        return anchors;
    }

    /** Fenced code blocks hold YAML comments and shell lines that are neither headings nor links. */
    static String withoutCodeBlocks(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean inCode = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (!inCode) out.append(line).append('\n');
        }
        return out.toString();
    }
}
