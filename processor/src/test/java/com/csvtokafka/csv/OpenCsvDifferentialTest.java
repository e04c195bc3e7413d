package com.csvtokafka.csv;

import static org.assertj.core.api.Assertions.assertThat;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvValidationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The framer and the field splitter against opencsv's RFC 4180 parser on random RFC 4180 files: quoted fields with
 * delimiters, doubled quotes, CR, LF and CRLF, empty and quoted-empty fields, multi-byte UTF-8, LF and CRLF row ends,
 * a last row with and without a line end, two dialects. Every row must have the same fields as opencsv gives, and
 * exactly the values the generator wrote.
 *
 * <p>opencsv reads lines with {@code BufferedReader.readLine} and joins a quoted field's lines with LF, so a CR or
 * CRLF inside a quoted field comes back from it as LF: against opencsv, line breaks inside values compare as LF
 * (its {@code keepCarriageReturn} mode keeps them, but fails on an empty line inside a quoted field and on a CR
 * before a CRLF row end, so it cannot be the reference). The exact bytes are checked against the values written.
 * A row of one empty unquoted field is an empty line, which the framer skips (RFC 4180 leaves it undefined) and
 * opencsv returns: the generator quotes that field.
 */
class OpenCsvDifferentialTest {
    private static final String[] TEXT = {"a", "bc", "plain text", "é", "日本語", "😀", "x y", "1.5", "-", "'"};

    @Test
    void sameFieldsAsOpenCsvWithLfRowEnds() throws Exception {
        compare(new Random(20261202), false);
    }

    @Test
    void sameFieldsAsOpenCsvWithLfAndCrlfRowEnds() throws Exception {
        compare(new Random(4180), true);
    }

    private static void compare(Random random, boolean crlfRows) throws Exception {
        char[][] dialects = {{',', '"'}, {';', '\''}};
        for (int round = 0; round < 2000; round++) {
            char[] d = dialects[round % dialects.length];
            CsvDialect dialect = CsvDialect.of(d[0], d[1], StandardCharsets.UTF_8, false);
            List<List<String>> written = new ArrayList<>();
            String csv = randomCsv(random, d[0], d[1], crlfRows, written);
            byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);

            List<List<String>> ours = frame(bytes, dialect, 16 + random.nextInt(200));
            assertThat(map(ours)).as("round %d: %s", round, visible(csv)).isEqualTo(map(opencsv(bytes, d[0], d[1])));
            assertThat(ours).as("round %d: the values written", round).isEqualTo(written);
        }
    }

    /** Random rows; {@code written} gets the values as they were meant. */
    private static String randomCsv(Random random, char delimiter, char quote, boolean crlfRows,
                                    List<List<String>> written) {
        StringBuilder csv = new StringBuilder();
        int rows = 1 + random.nextInt(12);
        for (int r = 0; r < rows; r++) {
            int fields = 1 + random.nextInt(6);
            List<String> values = new ArrayList<>();
            for (int f = 0; f < fields; f++) {
                String value = randomValue(random, delimiter, quote);
                boolean mustQuote = value.isEmpty() && fields == 1 || value.indexOf(delimiter) >= 0
                        || value.indexOf(quote) >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0;
                if (f > 0) {
                    csv.append(delimiter);
                }
                if (mustQuote || random.nextInt(5) == 0) {
                    csv.append(quote).append(value.replace(String.valueOf(quote), "" + quote + quote)).append(quote);
                } else {
                    csv.append(value);
                }
                values.add(value);
            }
            written.add(values);
            boolean last = r == rows - 1;
            if (!last || random.nextBoolean()) {
                csv.append(crlfRows && random.nextBoolean() ? "\r\n" : "\n");
            }
        }
        return csv.toString();
    }

    private static String randomValue(Random random, char delimiter, char quote) {
        StringBuilder v = new StringBuilder();
        int parts = random.nextInt(5);
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(9)) {
                case 0 -> v.append(delimiter);
                case 1 -> v.append(quote);
                case 2 -> v.append('\n');
                case 3 -> v.append("\r\n");
                case 4 -> v.append('\r');
                default -> v.append(TEXT[random.nextInt(TEXT.length)]);
            }
        }
        return v.toString();
    }

    private static List<List<String>> frame(byte[] bytes, CsvDialect dialect, int bufferSize) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        Fields fields = new Fields(dialect);
        try (RowFramer framer = new RowFramer(new ByteArrayInputStream(bytes), 0, 1, dialect, 1 << 20, bufferSize)) {
            Row row = new Row();
            while (framer.next(row)) {
                assertThat(row.error()).isNull();
                List<String> values = fields.split(row).values(dialect.charset());
                assertThat(values).hasSize(row.fieldCount());
                rows.add(values);
            }
        }
        return rows;
    }

    private static List<List<String>> opencsv(byte[] bytes, char delimiter, char quote)
            throws IOException, CsvValidationException {
        List<List<String>> rows = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(bytes);
        try (CSVReader reader = new CSVReaderBuilder(new InputStreamReader(in, StandardCharsets.UTF_8))
                .withCSVParser(new RFC4180ParserBuilder().withSeparator(delimiter).withQuoteChar(quote).build())
                .build()) {
            String[] row;
            while ((row = reader.readNext()) != null) {
                rows.add(Arrays.asList(row));
            }
        }
        return rows;
    }

    private static List<List<String>> map(List<List<String>> rows) {
        return rows.stream().map(r -> r.stream().map(OpenCsvDifferentialTest::lineBreaksAsLf).toList()).toList();
    }

    private static String lineBreaksAsLf(String s) {
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String visible(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
