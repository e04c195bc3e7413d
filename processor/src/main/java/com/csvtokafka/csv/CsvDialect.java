package com.csvtokafka.csv;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How a file is framed: delimiter and quote (single bytes in an ASCII-compatible encoding), the encoding, whether
 * the first row names the columns, and whether quotes are lazy.
 *
 * <p><b>Lazy quotes</b> ({@code --lazy-quotes}), as Go's {@code encoding/csv} {@code LazyQuotes}: "a quote may appear
 * in an unquoted field and a non-doubled quote may appear in a quoted field". In an unquoted field a quote is a
 * character like any other ({@code 5'11"}, {@code 37°36'37.8"N}); in a quoted field a quote that is neither doubled
 * nor followed by the delimiter or the line end is a character of the field, and the field goes on
 * ({@code "say "hi" now"} is {@code say "hi" now}). Python's {@code csv} reads an unquoted field the same way; it
 * differs on the second rule (it ends the quoted part and reads on unquoted: {@code say hi" now"}). Unlike Go, a
 * quoted field still open at the end of the file stays an error: lazily reading it would turn the rest of the file
 * into one row without a word. Strict (the default) reports both cases as malformed rows.
 */
public record CsvDialect(byte delimiter, byte quote, Charset charset, boolean header, boolean lazyQuotes) {

    public static final CsvDialect RFC4180 = new CsvDialect((byte) ',', (byte) '"', StandardCharsets.UTF_8, true);

    /** A strict dialect (no lazy quotes). */
    public CsvDialect(byte delimiter, byte quote, Charset charset, boolean header) {
        this(delimiter, quote, charset, header, false);
    }

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
        return of(delimiter, quote, charset, header, false);
    }

    public static CsvDialect of(char delimiter, char quote, Charset charset, boolean header, boolean lazyQuotes) {
        if (delimiter > 0x7f || quote > 0x7f) {
            throw new IllegalArgumentException("delimiter and quote must be ASCII characters");
        }
        return new CsvDialect((byte) delimiter, (byte) quote, charset, header, lazyQuotes);
    }

    /** This dialect with lazy quotes on or off. */
    public CsvDialect withLazyQuotes(boolean lazy) {
        return new CsvDialect(delimiter, quote, charset, header, lazy);
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
