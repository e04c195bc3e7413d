package com.csvtokafka.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RowFramerTest {

    record Framed(String text, long offset, long next, long number, int fields, String error) {
    }

    static List<Framed> frame(byte[] data, CsvDialect dialect, int bufferSize) throws IOException {
        return frame(data, 0, dialect, bufferSize);
    }

    static List<Framed> frame(byte[] data, int from, CsvDialect dialect, int bufferSize) throws IOException {
        List<Framed> rows = new ArrayList<>();
        try (RowFramer framer = new RowFramer(new ByteArrayInputStream(data, from, data.length - from), from, 1,
                dialect, 1 << 20, bufferSize)) {
            Row row = new Row();
            while (framer.next(row)) {
                rows.add(new Framed(new String(row.copyBytes(), dialect.charset()), row.offset(), row.nextOffset(),
                        row.number(), row.fieldCount(), row.error()));
                assertThat(framer.position()).isEqualTo(row.nextOffset());
            }
        }
        return rows;
    }

    static List<Framed> frame(String text, int bufferSize) throws IOException {
        return frame(text.getBytes(StandardCharsets.UTF_8), CsvDialect.RFC4180, bufferSize);
    }

    /** Tiny buffers force rows across refills and growth; the result must not depend on the buffer size. */
    @ParameterizedTest
    @ValueSource(ints = {16, 17, 31, 64, 1 << 20})
    void rfc4180CasesWithExactOffsets(int bufferSize) throws IOException {
        String csv = "id,name,note\n"
                + "1,plain,x\n"
                + "2,\"with, comma\",y\n"
                + "3,\"with \"\"quotes\"\"\",z\r\n"
                + "4,\"multi\nline\r\nvalue\",w\n"
                + "5,,\n"
                + "6,\"\",\"\"\n"
                + "7,last,no-newline";
        List<Framed> rows = frame(csv, bufferSize);
        assertThat(rows).extracting(Framed::text).containsExactly(
                "id,name,note", "1,plain,x", "2,\"with, comma\",y", "3,\"with \"\"quotes\"\"\",z",
                "4,\"multi\nline\r\nvalue\",w", "5,,", "6,\"\",\"\"", "7,last,no-newline");
        assertThat(rows).extracting(Framed::fields).containsOnly(3);
        assertThat(rows).extracting(Framed::error).containsOnlyNulls();
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        for (Framed row : rows) {
            byte[] rowBytes = row.text().getBytes(StandardCharsets.UTF_8);
            assertThat(java.util.Arrays.copyOfRange(bytes, (int) row.offset(), (int) row.offset() + rowBytes.length))
                    .isEqualTo(rowBytes);
        }
        assertThat(rows.get(3).next()).isEqualTo(rows.get(4).offset());
        assertThat(rows.get(7).next()).isEqualTo(bytes.length);
        assertThat(rows).extracting(Framed::number).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void multiByteUtf8OffsetsAreByteOffsets() throws IOException {
        String csv = "naïve,日本語\n\"ü, ß\",😀\nx,y\n";
        List<Framed> rows = frame(csv, 16);
        assertThat(rows).extracting(Framed::offset).containsExactly(0L, 17L, 31L);
        assertThat(rows.get(1).text()).isEqualTo("\"ü, ß\",😀");
        assertThat(rows).extracting(Framed::error).containsOnlyNulls();
    }

    @Test
    void skipsUtf8BomAtStartOnly() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] data = concat(bom, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        List<Framed> rows = frame(data, CsvDialect.RFC4180, 16);
        assertThat(rows).extracting(Framed::text).containsExactly("a,b", "1,2");
        assertThat(rows.get(0).offset()).isEqualTo(3);
        assertThat(rows.get(1).offset()).isEqualTo(7);
    }

    @Test
    void resumesAtARowBoundaryInsideTheFile() throws IOException {
        byte[] data = "h\n\"a\nb\"\nc\n".getBytes(StandardCharsets.UTF_8);
        List<Framed> rows = frame(data, 2, CsvDialect.RFC4180, 16);
        assertThat(rows).extracting(Framed::text).containsExactly("\"a\nb\"", "c");
        assertThat(rows).extracting(Framed::offset).containsExactly(2L, 8L);
    }

    @Test
    void emptyLinesAreNotRows() throws IOException {
        List<Framed> rows = frame("a\n\n\r\nb\n\n", 16);
        assertThat(rows).extracting(Framed::text).containsExactly("a", "b");
        assertThat(rows).extracting(Framed::number).containsExactly(1L, 2L);
    }

    @Test
    void emptyInputHasNoRows() throws IOException {
        assertThat(frame("", 16)).isEmpty();
    }

    @Test
    void unterminatedQuoteAtEndOfFileIsABadRowAfterTheGoodOnes() throws IOException {
        List<Framed> rows = frame("a,b\n1,\"open\n2,3\n", 16);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).error()).isNull();
        assertThat(rows.get(1).offset()).isEqualTo(4);
        assertThat(rows.get(1).error()).contains("unterminated quoted field");
    }

    @Test
    void quoteInsideUnquotedFieldIsReportedWithItsOffset() throws IOException {
        List<Framed> rows = frame("ok\nab\"c,d\nnext\n", 16);
        assertThat(rows).extracting(Framed::text).containsExactly("ok", "ab\"c,d", "next");
        assertThat(rows.get(1).error()).contains("quote character inside an unquoted field at byte offset 5");
        assertThat(rows.get(2).error()).isNull();
    }

    @Test
    void textAfterClosingQuoteIsReported() throws IOException {
        List<Framed> rows = frame("\"ab\"c,d\nnext\n", 16);
        assertThat(rows.get(0).error()).contains("after a closing quote at byte offset 4");
        assertThat(rows.get(1).error()).isNull();
    }

    @Test
    void bareCarriageReturnIsReported() throws IOException {
        List<Framed> rows = frame("a\rb\nc\n", 16);
        assertThat(rows).extracting(Framed::text).containsExactly("a\rb", "c");
        assertThat(rows.get(0).error()).contains("bare CR");
    }

    @Test
    void carriageReturnInsideQuotesIsData() throws IOException {
        List<Framed> rows = frame("\"a\rb\"\nc\n", 16);
        assertThat(rows.get(0).error()).isNull();
    }

    @Test
    void invalidUtf8IsReportedWithItsOffset() throws IOException {
        byte[] data = concat("ok\nab".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, '(', '\n', 'z', '\n'});
        List<Framed> rows = frame(data, CsvDialect.RFC4180, 16);
        assertThat(rows.get(1).error()).startsWith("invalid UTF-8 byte sequence at byte offset 5");
        assertThat(rows.get(2).error()).isNull();
    }

    @Test
    void invalidUtf8ThatReadsAsWindows1252SaysWhichEncodingToPassAndOtherBytesDoNot() throws IOException {
        byte[] latin1 = "1,Z\u00fcrich,\u00e9t\u00e9 \u20ac\n".getBytes(java.nio.charset.Charset.forName("windows-1252"));
        assertThat(frame(latin1, CsvDialect.RFC4180, 16).get(0).error()).isEqualTo("invalid UTF-8 byte sequence at "
                + "byte offset 3 (the row reads as Windows-1252/Latin-1 text: pass --encoding windows-1252)");
        byte[] binary = {'1', ',', (byte) 0xFC, (byte) 0x81, '\n'}; // 0x81: no character in Windows-1252
        assertThat(frame(binary, CsvDialect.RFC4180, 16).get(0).error())
                .isEqualTo("invalid UTF-8 byte sequence at byte offset 2");
    }

    @Test
    void utf8ValidatorRejectsOverlongsSurrogatesAndTruncation() {
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xC0, (byte) 0x80}, 0, 2)).isZero();
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3)).isZero();
        assertThat(Utf8.firstInvalid(new byte[] {'a', (byte) 0xE2, (byte) 0x82}, 0, 3)).isEqualTo(1);
        assertThat(Utf8.firstInvalid("€😀ü".getBytes(StandardCharsets.UTF_8), 0, 9)).isEqualTo(-1);
    }

    /**
     * The validator agrees with the JDK's strict UTF-8 decoder on random byte strings (mostly valid sequences of one
     * to four bytes, with ASCII runs long enough for the eight-byte path, and now and then a wrong byte), and when
     * it finds a fault, the bytes before it decode.
     */
    @Test
    void utf8ValidatorAgreesWithTheJdkDecoder() {
        java.util.Random random = new java.util.Random(20261122);
        String[] pieces = {"a", "abcdefghijkl", "\u00e9", "\u0141", "\u20ac", "\ud83d\ude00", "\u07ff", "\uffff"};
        java.nio.charset.CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder();
        for (int round = 0; round < 20000; round++) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int count = random.nextInt(12);
            for (int k = 0; k < count; k++) {
                out.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
            }
            byte[] b = out.toByteArray();
            if (b.length > 0 && random.nextInt(3) == 0) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            int to = b.length - (b.length > 0 && random.nextInt(8) == 0 ? 1 : 0); // sometimes cut the last byte
            int bad = Utf8.firstInvalid(b, 0, to);
            assertThat(bad < 0).as("round %d: %s", round, java.util.HexFormat.of().formatHex(b, 0, to))
                    .isEqualTo(decodes(strict, b, 0, to));
            if (bad >= 0) {
                assertThat(decodes(strict, b, 0, bad)).isTrue();
            }
        }
    }

    private static boolean decodes(java.nio.charset.CharsetDecoder strict, byte[] b, int from, int to) {
        try {
            strict.reset().decode(java.nio.ByteBuffer.wrap(b, from, to - from));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void customDelimiterQuoteAndEncoding() throws IOException {
        CsvDialect dialect = CsvDialect.of(';', '\'', Charset.forName("ISO-8859-1"), true);
        byte[] data = "a;'b;c'\n'd''e';\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        List<Framed> rows = frame(data, dialect, 16);
        assertThat(rows).extracting(Framed::text).containsExactly("a;'b;c'", "'d''e';\u00e9");
        assertThat(rows).extracting(Framed::fields).containsOnly(2);
        assertThat(rows).extracting(Framed::error).containsOnlyNulls();
    }

    @Test
    void fieldCountCountsEmptyTrailingFields() throws IOException {
        assertThat(frame("a,b,\n,\n\"x\",\"y,z\"\n", 16)).extracting(Framed::fields).containsExactly(3, 2, 2);
    }

    @Test
    void rowLongerThanTheLimitIsAnErrorNotAHang() {
        byte[] data = ("a\n\"" + "x".repeat(5000) + "\"\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> {
            try (RowFramer framer = new RowFramer(new ByteArrayInputStream(data), 0, 1, CsvDialect.RFC4180, 1000, 64)) {
                Row row = new Row();
                while (framer.next(row)) {
                    // drain
                }
            }
        }).isInstanceOf(RowTooLargeException.class).hasMessageContaining("row 2 at byte offset 2");
    }

    @Test
    void rejectsEncodingsThatAreNotAsciiCompatible() {
        assertThatThrownBy(() -> CsvDialect.of(',', '"', StandardCharsets.UTF_16, true))
                .hasMessageContaining("not ASCII-compatible");
    }

    /**
     * The word-at-a-time scan frames exactly as the byte-by-byte one: same rows, offsets, field counts and errors,
     * for random mixes of delimiters, quotes, line ends, multi-byte and invalid bytes, whatever the buffer size
     * and however the source splits its reads, with strict and lazy quotes.
     */
    @Test
    void wordScanFramesExactlyAsTheByteScan() throws IOException {
        java.util.Random random = new java.util.Random(20261122);
        String[] pieces = {"a", "bcdefghijk", "lmnopqrstuvwxyz0123", ",", ";", "\"", "\"\"", "\n", "\r", "\r\n", "\u00e9",
                "\u20ac", "\ufeff", " "};
        CsvDialect[] dialects = {CsvDialect.RFC4180, CsvDialect.of(';', '\'', StandardCharsets.UTF_8, false),
            CsvDialect.RFC4180.withLazyQuotes(true), CsvDialect.of(';', '\'', StandardCharsets.UTF_8, false, true)};
        for (int round = 0; round < 3000; round++) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int count = random.nextInt(120);
            for (int k = 0; k < count; k++) {
                out.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
                if (random.nextInt(40) == 0) {
                    out.write(0xff); // never valid UTF-8
                }
            }
            byte[] data = out.toByteArray();
            CsvDialect dialect = dialects[round % dialects.length];
            int buffer = 16 + random.nextInt(100);
            long seed = random.nextLong();
            assertThat(frameChunked(data, dialect, buffer, true, seed))
                    .as("round %d: %s", round, new String(data, StandardCharsets.UTF_8))
                    .isEqualTo(frameChunked(data, dialect, buffer, false, seed));
        }
    }

    @Test
    void lazyQuotesMakeAQuoteInAnUnquotedFieldACharacter() throws IOException {
        CsvDialect lazy = CsvDialect.RFC4180.withLazyQuotes(true);
        byte[] data = "name,height,where\nAl,5'11\",37°36'37.8\"N\nBo,6',x\"y\"\n".getBytes(StandardCharsets.UTF_8);
        List<Framed> rows = frame(data, lazy, 16);
        assertThat(rows).extracting(Framed::error).containsOnlyNulls();
        assertThat(rows).extracting(Framed::fields).containsOnly(3);
        assertThat(values(data, lazy)).containsExactly(
                List.of("name", "height", "where"), List.of("Al", "5'11\"", "37°36'37.8\"N"), List.of("Bo", "6'", "x\"y\""));
        assertThat(frame(data, CsvDialect.RFC4180, 16).get(1).error())
                .startsWith("quote character inside an unquoted field");
    }

    /** Go's second rule: a quote neither doubled nor before a delimiter or line end is a character of the field. */
    @Test
    void lazyQuotesKeepALoneQuoteInsideAQuotedField() throws IOException {
        CsvDialect lazy = CsvDialect.RFC4180.withLazyQuotes(true);
        byte[] data = "a,b\n\"say \"hi\" now\",x\n\"a\"\"\"b\",\"\"\n\"x\"y, z\"\r\n\"q\"\n".getBytes(StandardCharsets.UTF_8);
        List<Framed> rows = frame(data, lazy, 16);
        assertThat(rows).extracting(Framed::text).containsExactly("a,b", "\"say \"hi\" now\",x", "\"a\"\"\"b\",\"\"",
                "\"x\"y, z\"", "\"q\"");
        assertThat(rows).extracting(Framed::error).containsOnlyNulls();
        assertThat(values(data, lazy)).containsExactly(List.of("a", "b"), List.of("say \"hi\" now", "x"),
                List.of("a\"\"b", ""), List.of("x\"y, z"), List.of("q"));
        assertThat(frame(data, CsvDialect.RFC4180, 16).get(1).error())
                .startsWith("unexpected character after a closing quote");
    }

    @Test
    void lazyQuotesStillReportAQuoteLeftOpenAtTheEnd() throws IOException {
        List<Framed> rows = frame("a\n\"open, never closed\n1\n".getBytes(StandardCharsets.UTF_8),
                CsvDialect.RFC4180.withLazyQuotes(true), 16);
        assertThat(rows.get(1).error()).contains("unterminated quoted field");
    }

    @Test
    void dialectsWithoutLazyQuotesAreStrict() {
        assertThat(CsvDialect.RFC4180.lazyQuotes()).isFalse();
        assertThat(CsvDialect.of(',', '"', StandardCharsets.UTF_8, true).lazyQuotes()).isFalse();
        assertThat(new CsvDialect((byte) ',', (byte) '"', StandardCharsets.UTF_8, true).lazyQuotes()).isFalse();
        assertThat(CsvDialect.of(',', '"', StandardCharsets.UTF_8, true, true)).isEqualTo(CsvDialect.RFC4180.withLazyQuotes(true));
    }

    /** Every row's field values, as {@link Fields} splits them. */
    static List<List<String>> values(byte[] data, CsvDialect dialect) throws IOException {
        List<List<String>> values = new ArrayList<>();
        Fields fields = new Fields(dialect);
        try (RowFramer framer = new RowFramer(new ByteArrayInputStream(data), 0, 1, dialect, 1 << 20, 64)) {
            Row row = new Row();
            while (framer.next(row)) {
                values.add(fields.split(row).values(dialect.charset()));
            }
        }
        return values;
    }

    private static List<String> frameChunked(byte[] data, CsvDialect dialect, int bufferSize, boolean words, long seed)
            throws IOException {
        java.util.Random chunks = new java.util.Random(seed);
        java.io.InputStream in = new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + chunks.nextInt(24))); // reads of 1-24 bytes
            }
        };
        List<String> rows = new ArrayList<>();
        Fields fields = new Fields(dialect);
        try (RowFramer framer = new RowFramer(in, 0, 1, dialect, 1 << 20, bufferSize, words)) {
            Row row = new Row();
            while (framer.next(row)) {
                if (row.error() == null) { // the splitter ends fields where the framer counts them
                    assertThat(fields.split(row).count()).as("fields of %s", new String(row.copyBytes(),
                            StandardCharsets.UTF_8)).isEqualTo(row.fieldCount());
                }
                rows.add(row.offset() + "+" + row.length() + "->" + row.nextOffset() + " #" + row.number() + " f"
                        + row.fieldCount() + " " + row.error());
            }
        }
        return rows;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
