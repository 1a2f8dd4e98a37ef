package org.rewardpoints.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps README snippets true: a test holds the snippet's code between {@code // README snippet start}
 * and {@code // README snippet end} (optionally followed by a name), runs it, and checks that the
 * README contains those lines verbatim, re-indented to the README's four spaces.
 */
public final class ReadmeSnippets {
    private static final String START = "// README snippet start";
    private ReadmeSnippets() {
    }

    /** Asserts that {@code readme} contains the lines of {@code testSource} between the named markers. */
    public static void assertReadmeContains(Path readme, Path testSource, String name) {
        assertThat(read(readme)).as("%s contains the snippet '%s' of %s", readme, name, testSource)
                .contains(snippet(testSource, name));
    }

    /** The lines between the named markers of {@code testSource}, re-indented to the first one's indent. */
    public static String snippet(Path testSource, String name) {
        List<String> lines = read(testSource).lines().toList();
        List<String> stripped = lines.stream().map(String::strip).toList();
        String suffix = name.isEmpty() ? "" : " " + name;
        int start = stripped.indexOf(START + suffix) + 1;
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

    /** Every snippet of {@code testSource}, by marker name ("" for an unnamed one). */
    public static Map<String, String> snippets(Path testSource) {
        Map<String, String> snippets = new LinkedHashMap<>();
        for (String line : read(testSource).lines().map(String::strip).toList()) {
            if (line.startsWith(START)) {
                String name = line.substring(START.length()).strip();
                snippets.put(name, snippet(testSource, name));
            }
        }
        return snippets;
    }

    /** The contents of the README's blocks fenced as {@code language}, each ending with a line break. */
    public static List<String> blocks(Path readme, String language) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : read(readme).lines().toList()) {
            if (block == null && line.equals("```" + language)) {
                block = new StringBuilder();
            } else if (block != null && line.equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** The file's text, as a README block holds it. */
    public static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
