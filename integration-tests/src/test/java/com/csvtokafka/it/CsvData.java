package com.csvtokafka.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test files built from a known list of rows, so expectations never come from the code under test: each row is
 * known as the exact text it must arrive as, with quoted delimiters, doubled quotes, embedded LF and CRLF,
 * multi-byte UTF-8, and mixed LF/CRLF line ends.
 */
public final class CsvData {
    public static final String HEADER = "id,name,note";

    public final List<String> rows;
    public final byte[] bytes;

    private CsvData(List<String> rows, byte[] bytes) {
        this.rows = rows;
        this.bytes = bytes;
    }

    public static CsvData generate(int count, long seed) {
        Random random = new Random(seed);
        String[] notes = {"plain", "\"with, comma\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "\"crlf\r\ninside\"",
                "naïve café", "\"日本語, テキスト\"", "😀 emoji", "", "\"\""};
        List<String> rows = new ArrayList<>(count);
        StringBuilder file = new StringBuilder(HEADER).append('\n');
        for (int i = 1; i <= count; i++) {
            String row = i + "," + "name-" + Integer.toString(random.nextInt(1 << 20), 36) + ","
                    + notes[random.nextInt(notes.length)];
            rows.add(row);
            file.append(row).append(random.nextInt(5) == 0 ? "\r\n" : "\n");
        }
        return new CsvData(rows, file.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static CsvData of(String header, List<String> rows, String eol, boolean trailingNewline) {
        StringBuilder file = new StringBuilder(header).append(eol);
        for (int i = 0; i < rows.size(); i++) {
            file.append(rows.get(i));
            if (i < rows.size() - 1 || trailingNewline) {
                file.append(eol);
            }
        }
        return new CsvData(rows, file.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code data} gzip-compressed as {@code members} members (as pigz, bgzip or {@code cat a.gz b.gz} write). */
    public static byte[] gzipMembers(byte[] data, int members) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int step = Math.max(1, (data.length + members - 1) / members);
        for (int from = 0; from < data.length; from += step) {
            java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out);
            z.write(data, from, Math.min(step, data.length - from));
            z.finish(); // the member ends; the stream goes on with the next
        }
        return out.toByteArray();
    }

    public Path write(Path dir, String name) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
