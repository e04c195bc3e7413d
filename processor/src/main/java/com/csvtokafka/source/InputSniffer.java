package com.csvtokafka.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * Tells, from an input's first block (after decompression), inputs that are not CSV text, so that the user learns
 * what the file is and what to do before anything is sent, instead of a "malformed header row" or a topic of
 * garbage. It knows, by their first bytes: ZIP archives (.zip, and .xlsx/.docx, which are ZIP), UTF-16 and UTF-32
 * text (by byte order mark, and UTF-16 without one by its NUL bytes), Parquet, ORC, Avro, old Office documents,
 * PDF, compressed data (the formats this tool decompresses, still compressed, and others it does not), and binary
 * data in general.
 *
 * <p><b>Binary data</b> is a first block with NUL bytes among many control characters: NUL bytes and at least one
 * byte in {@value #BINARY_CONTROL_SHARE} of control characters (other than tab, LF, FF, CR, ESC). A stray NUL in a
 * field of a text file is data, sent as it is (the bad-input corpus pins that), hence the share; random or
 * structured binary data has about one byte in nine.
 */
public final class InputSniffer {
    /** How much of the input's start {@link #checked} looks at. */
    public static final int FIRST_BLOCK = 1 << 16;
    static final int BINARY_CONTROL_SHARE = 32;

    private InputSniffer() {
    }

    /** {@link #check(byte[], int, String)} on the whole array. */
    public static void check(byte[] firstBlock, String uri) throws NotCsvException {
        check(firstBlock, firstBlock.length, uri);
    }

    /**
     * @param firstBlock the input's first bytes (decoded), {@code length} of them (up to {@link #FIRST_BLOCK})
     * @param uri        the input, named in the message
     * @throws NotCsvException when the bytes are not CSV text: what they are and what to do
     */
    public static void check(byte[] firstBlock, int length, String uri) throws NotCsvException {
        byte[] b = firstBlock;
        String file = fileName(uri);
        if (starts(b, length, 0x50, 0x4B, 0x03, 0x04) || starts(b, length, 0x50, 0x4B, 0x05, 0x06)
                || starts(b, length, 0x50, 0x4B, 0x07, 0x08)) {
            throw new NotCsvException(uri + " is a ZIP archive (as .zip files and .xlsx workbooks are), not CSV text",
                    "unzip it first (unzip -p " + file + " > out.csv for an archive of one CSV file; save a workbook"
                            + " as CSV) and transfer the CSV file");
        }
        if (starts(b, length, 0xFF, 0xFE, 0x00, 0x00) || starts(b, length, 0x00, 0x00, 0xFE, 0xFF)) {
            throw new NotCsvException(uri + " is UTF-32 text (it starts with a UTF-32 byte order mark); csv-to-kafka "
                    + "reads UTF-8 and other ASCII-compatible encodings",
                    "convert it to UTF-8 first: iconv -f UTF-32 -t UTF-8 " + file + " > out.csv");
        }
        if (starts(b, length, 0xFF, 0xFE) || starts(b, length, 0xFE, 0xFF)) {
            throw new NotCsvException(uri + " is UTF-16 text (it starts with a UTF-16 byte order mark); csv-to-kafka "
                    + "reads UTF-8 and other ASCII-compatible encodings",
                    "convert it to UTF-8 first: iconv -f UTF-16 -t UTF-8 " + file + " > out.csv");
        }
        String utf16 = utf16WithoutBom(b, length);
        if (utf16 != null) {
            throw new NotCsvException(uri + " looks like " + utf16 + " text without a byte order mark (every other "
                    + "byte is NUL); csv-to-kafka reads UTF-8 and other ASCII-compatible encodings",
                    "convert it to UTF-8 first: iconv -f " + utf16 + " -t UTF-8 " + file + " > out.csv");
        }
        if (starts(b, length, 'P', 'A', 'R', '1')) {
            throw new NotCsvException(uri + " is an Apache Parquet file, not CSV text",
                    "export it as CSV first (for example with DuckDB: COPY (SELECT * FROM '" + file
                            + "') TO 'out.csv' (HEADER))");
        }
        if (starts(b, length, 'O', 'R', 'C')) {
            throw new NotCsvException(uri + " is an Apache ORC file, not CSV text", "export it as CSV first");
        }
        if (starts(b, length, 'O', 'b', 'j', 0x01)) {
            throw new NotCsvException(uri + " is an Apache Avro data file, not CSV text", "export it as CSV first");
        }
        if (starts(b, length, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)) {
            throw new NotCsvException(uri + " is a Microsoft Office document (an .xls workbook?), not CSV text",
                    "open it and save it as CSV (UTF-8), then transfer that file");
        }
        if (starts(b, length, '%', 'P', 'D', 'F', '-')) {
            throw new NotCsvException(uri + " is a PDF document, not CSV text", "export its tables as CSV first");
        }
        String compressed = compression(b, length);
        if (compressed != null) {
            boolean supported = compressed.equals("gzip") || compressed.equals("zstd") || compressed.equals("bzip2");
            throw new NotCsvException(uri + " is " + compressed + "-compressed data"
                    + (supported ? " (after any decompression asked for)" : ", a format csv-to-kafka does not decompress"),
                    supported ? "use --compression auto (the default) to decompress it; if it was compressed twice"
                            + " (.gz.gz), decompress it once first"
                            : "decompress it first, or recompress it with gzip, zstd or bzip2, which csv-to-kafka reads");
        }
        if (isBinary(b, length)) {
            throw new NotCsvException(uri + " holds binary data (NUL bytes and control characters in its first "
                    + length + " bytes), not CSV text",
                    "check the file: is it the export you meant? (file " + file + " tells what it is)");
        }
    }

    /**
     * Reads {@code in}'s first block, {@link #check}s it, and returns a stream of all of {@code in} (the block, then
     * the rest).
     */
    public static InputStream checked(InputStream in, String uri) throws IOException {
        byte[] block = new byte[FIRST_BLOCK];
        int n = 0;
        int r;
        while (n < block.length && (r = in.read(block, n, block.length - n)) >= 0) {
            n += r;
        }
        check(block, n, uri);
        return new SequenceInputStream(new ByteArrayInputStream(block, 0, n), in);
    }

    private static String compression(byte[] b, int length) {
        if (starts(b, length, 0x1F, 0x8B)) {
            return "gzip";
        }
        if (starts(b, length, 0x28, 0xB5, 0x2F, 0xFD)) {
            return "zstd";
        }
        if (length >= 4 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h' && b[3] >= '1' && b[3] <= '9'
                && (startsAt(b, length, 4, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59)
                    || startsAt(b, length, 4, 0x17, 0x72, 0x45, 0x38, 0x50, 0x90))) {
            return "bzip2";
        }
        if (starts(b, length, 0xFD, '7', 'z', 'X', 'Z', 0x00)) {
            return "xz";
        }
        if (starts(b, length, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C)) {
            return "7-Zip";
        }
        if (starts(b, length, 0x04, 0x22, 0x4D, 0x18)) {
            return "lz4";
        }
        if (starts(b, length, 'R', 'a', 'r', '!', 0x1A, 0x07)) {
            return "RAR";
        }
        if (starts(b, length, 0x1F, 0x9D)) {
            return "Unix compress (.Z)";
        }
        if (starts(b, length, 'L', 'Z', 'I', 'P')) {
            return "lzip";
        }
        return null;
    }

    /** "UTF-16LE"/"UTF-16BE" when most of one byte lane is NUL and the other almost never is, else null. */
    private static String utf16WithoutBom(byte[] b, int length) {
        int pairs = length / 2;
        if (pairs < 8) {
            return null;
        }
        int evenNul = 0;
        int oddNul = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            if (b[i] == 0) {
                evenNul++;
            }
            if (b[i + 1] == 0) {
                oddNul++;
            }
        }
        if (oddNul * 2 > pairs && evenNul * 10 < pairs) {
            return "UTF-16LE";
        }
        if (evenNul * 2 > pairs && oddNul * 10 < pairs) {
            return "UTF-16BE";
        }
        return null;
    }

    private static boolean isBinary(byte[] b, int length) {
        boolean nul = false;
        int controls = 0;
        for (int i = 0; i < length; i++) {
            int c = b[i] & 0xFF;
            if (c == 0) {
                nul = true;
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r' && c != 0x1B) || c == 0x7F) {
                controls++;
            }
        }
        return nul && (long) controls * BINARY_CONTROL_SHARE >= length;
    }

    private static boolean starts(byte[] b, int length, int... prefix) {
        return startsAt(b, length, 0, prefix);
    }

    private static boolean startsAt(byte[] b, int length, int at, int... prefix) {
        if (length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[at + i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The last path segment of a URI or path, for commands in messages. */
    private static String fileName(String uri) {
        String s = uri;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        String name = s.substring(s.lastIndexOf('/') + 1);
        return name.isEmpty() ? "FILE" : name.contains(" ") ? "'" + name + "'" : name;
    }
}
