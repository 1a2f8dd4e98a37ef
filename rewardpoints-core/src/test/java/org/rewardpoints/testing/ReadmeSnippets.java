package org.rewardpoints.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps README snippets true: a test holds the snippet's code between {@code // README snippet start}
 * and {@code // README snippet end} (optionally followed by a name), runs it, and checks that the
 * README contains those lines verbatim, re-indented to the README's four spaces.
 */
public final class ReadmeSnippets {
    private ReadmeSnippets() {
    }

    /** Asserts that {@code readme} contains the lines of {@code testSource} between the named markers. */
    public static void assertReadmeContains(Path readme, Path testSource, String name) {
        assertThat(read(readme)).as("%s contains the snippet '%s' of %s", readme, name, testSource)
                .contains(snippet(testSource, name));
    }

    static String snippet(Path testSource, String name) {
        List<String> lines = read(testSource).lines().toList();
        List<String> stripped = lines.stream().map(String::strip).toList();
        String suffix = name.isEmpty() ? "" : " " + name;
        int start = stripped.indexOf("// README snippet start" + suffix) + 1;
        int end = stripped.indexOf("// README snippet end" + suffix);
        assertThat(start).as("start marker of '%s' in %s", name, testSource).isPositive();
        assertThat(end).as("end marker of '%s' in %s", name, testSource).isGreaterThan(start);
        int indent = lines.get(start).indexOf(stripped.get(start));
        StringBuilder text = new StringBuilder();
        for (String line : lines.subList(start, end)) {
            text.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
        }
        return text.toString();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
