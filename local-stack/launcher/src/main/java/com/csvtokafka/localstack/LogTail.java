package com.csvtokafka.localstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a server's log, for error messages that show why it did not come up. */
final class LogTail {

    private static final int MAX_BYTES = 16 * 1024;

    private LogTail() {
    }

    static String of(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - MAX_BYTES);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** "last N lines of file:" blocks for each log that exists, for an error message. */
    static String describe(List<Path> logs, int lines) {
        StringBuilder text = new StringBuilder();
        for (Path log : logs) {
            if (Files.exists(log)) {
                text.append("\n--- last lines of ").append(log).append(" ---\n").append(of(log, lines));
            }
        }
        return text.length() == 0 ? "\n(no log written yet: " + logs + ")" : text.toString();
    }
}
