package com.csvtokafka.tools;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A realistic sample CSV (~100 bytes a row): ids, names with non-ASCII letters, amounts, timestamps, and notes
 * that now and then hold a quoted comma, doubled quotes or an embedded newline.
 */
public final class SampleCsv {
    private static final String[] NAMES = {"Alice", "Bob", "Chloé", "Dmitri", "Élodie", "Fatima", "Günther", "Hiroshi",
            "Inés", "Jürgen", "Kofi", "Łukasz", "María", "Nguyễn", "Olga", "Pål", "Quentin", "Renée", "Søren", "Zoë"};
    private static final String[] CITIES = {"Berlin", "São Paulo", "Zürich", "Kraków", "Tokyo", "Montréal", "Reykjavík",
            "Lagos", "Austin", "Málaga"};
    private static final String[] NOTES = {"ok", "\"late, but delivered\"", "\"said \"\"hello\"\" twice\"",
            "\"line one\nline two\"", "gift", "\"fragile, handle with care\"", "\"naïve café, crème brûlée\"",
            "returned", "\"multi\r\nline with CRLF\"", "priority"};

    private SampleCsv() {
    }

    /** Writes the file and returns its size in bytes. */
    public static long write(Path file, long rows, long seed, boolean crlf) throws IOException {
        String eol = crlf ? "\r\n" : "\n";
        SplittableRandom random = new SplittableRandom(seed);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            StringBuilder line = new StringBuilder(256);
            out.write(("id,name,city,amount,ref,created_at,note" + eol).getBytes(StandardCharsets.UTF_8));
            for (long i = 1; i <= rows; i++) {
                line.setLength(0);
                line.append(i).append(',')
                        .append(NAMES[random.nextInt(NAMES.length)]).append(' ')
                        .append(NAMES[random.nextInt(NAMES.length)]).append(',')
                        .append(CITIES[random.nextInt(CITIES.length)]).append(',')
                        .append(random.nextInt(1_000_000) / 100.0).append(',')
                        .append(Long.toHexString(random.nextLong() | Long.MIN_VALUE))
                        .append(Long.toHexString(random.nextLong() | Long.MIN_VALUE)).append(',')
                        .append("2026-").append(1 + random.nextInt(12)).append('-').append(1 + random.nextInt(28))
                        .append('T').append(random.nextInt(24)).append(':').append(10 + random.nextInt(50)).append(":00Z,")
                        .append(random.nextInt(4) == 0 ? NOTES[random.nextInt(NOTES.length)] : NOTES[0])
                        .append(eol);
                out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return Files.size(file);
    }
}
