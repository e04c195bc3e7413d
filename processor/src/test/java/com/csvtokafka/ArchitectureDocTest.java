package com.csvtokafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every section of docs/architecture.md that a code comment points to ({@code docs/architecture.md, "Name"}) exists. */
class ArchitectureDocTest {
    private static final Path DOC = Path.of("../docs/architecture.md");
    private static final Pattern POINTER = Pattern.compile("docs/architecture\\.md,\\s+(?:\\*\\s+)?\"([^\"]+)\"");

    @Test
    void everySectionTheCodeNamesExists() throws IOException {
        Set<String> headings = new TreeSet<>();
        for (String line : Files.readAllLines(DOC)) {
            if (line.startsWith("#")) {
                headings.add(line.replaceFirst("^#+\\s*", "").trim());
            }
        }
        Set<String> named = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = POINTER.matcher(Files.readString(file).replaceAll("\\s*\\n\\s*\\*\\s*", " "));
                while (m.find()) {
                    named.add(m.group(1));
                }
            }
        }
        assertThat(named).as("sections named by code comments").isNotEmpty();
        assertThat(headings).as("headings of docs/architecture.md").containsAll(named);
    }
}
