package com.csvtokafka.csv;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How a file is framed: delimiter and quote (single bytes in an ASCII-compatible encoding), the encoding and
 * whether the first row names the columns.
 */
public record CsvDialect(byte delimiter, byte quote, Charset charset, boolean header) {

    public static final CsvDialect RFC4180 = new CsvDialect((byte) ',', (byte) '"', StandardCharsets.UTF_8, true);

    public CsvDialect {
        if (delimiter == '\r' || delimiter == '\n' || quote == '\r' || quote == '\n' || delimiter == quote) {
            throw new IllegalArgumentException("delimiter and quote must differ and must not be CR or LF");
        }
        // The framer works on bytes: it is exact only where CR, LF, the delimiter and the quote are always
        // single bytes that never occur inside a multi-byte character, i.e. ASCII-compatible encodings.
        if (!isAsciiCompatible(charset)) {
            throw new IllegalArgumentException("encoding " + charset.name() + " is not ASCII-compatible; "
                    + "use UTF-8, ISO-8859-*, windows-125* or US-ASCII (convert UTF-16 files first, e.g. with iconv)");
        }
    }

    public static CsvDialect of(char delimiter, char quote, Charset charset, boolean header) {
        if (delimiter > 0x7f || quote > 0x7f) {
            throw new IllegalArgumentException("delimiter and quote must be ASCII characters");
        }
        return new CsvDialect((byte) delimiter, (byte) quote, charset, header);
    }

    public boolean utf8() {
        return charset.equals(StandardCharsets.UTF_8);
    }

    private static boolean isAsciiCompatible(Charset charset) {
        if (!charset.canEncode()) {
            return false;
        }
        byte[] ascii = "\r\n\t ,;|\"'azAZ09".getBytes(charset);
        return ascii.length == 15 && new String(ascii, StandardCharsets.US_ASCII).equals("\r\n\t ,;|\"'azAZ09")
                && !charset.name().toUpperCase().startsWith("UTF-16") && !charset.name().toUpperCase().startsWith("UTF-32");
    }
}
