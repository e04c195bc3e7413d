package com.csvtokafka.cli;

import com.csvtokafka.compress.Compression;
import com.csvtokafka.compress.DecodedInput;
import com.csvtokafka.compress.Seek;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import com.csvtokafka.source.InputSniffer;
import com.csvtokafka.source.Source;
import com.csvtokafka.source.SourceInfo;
import com.csvtokafka.source.SourceNotFoundException;
import com.csvtokafka.source.SourceUnusableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The first decoded bytes of a source's first non-empty input: enough for its header and first rows, read before
 * any network work of the run so that a wrong dialect or a column named wrongly fails in a moment (exit 2), not
 * after the lease and the Kafka checks.
 *
 * @param uri      the input the bytes come from; null when there was nothing to read
 * @param bytes    its first bytes (up to {@link #ENOUGH}, more while fewer than two lines have come)
 * @param complete   true when {@code bytes} is the whole input
 * @param unreadable why the input could not be read as CSV (not CSV, not decodable), else null
 */
record SourceSample(String uri, byte[] bytes, boolean complete, String unreadable) {
    static final int ENOUGH = 64 << 10;
    private static final int AT_MOST = 1 << 20;
    /** Inputs looked at for one that is not empty (part files of an export may be empty). */
    private static final int INPUTS = 5;

    /** Raw bytes read at most: enough for {@link #AT_MOST} decoded bytes of any compression this reads. */
    private static final long RAW_AT_MOST = 8L << 20;

    static final SourceSample NONE = new SourceSample(null, new byte[0], true, null);

    private static SourceSample unreadable(String uri, String why) {
        return new SourceSample(uri, new byte[0], false, why);
    }

    /**
     * Reads the sample. An input that is not CSV or cannot be decoded gives an empty sample saying why
     * ({@link #unreadable}): the run reports it with its own message (and its checkpoint) when it gets there.
     *
     * @throws SourceNotFoundException the source is not there
     */
    static SourceSample read(Source source, Compression compression) throws IOException {
        List<SourceInfo> inputs = source.pin().inputs();
        for (SourceInfo input : inputs.subList(0, Math.min(INPUTS, inputs.size()))) {
            try (InputStream in = InputSniffer.checked(DecodedInput.open(offset -> offset == 0
                    ? source.openStart(input, RAW_AT_MOST) : source.open(input, offset),
                    compression, Seek.START, 0, false), input.uri())) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                int lines = 0;
                int n = 0;
                while ((out.size() < ENOUGH || lines < 2) && out.size() < AT_MOST && (n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    for (int i = 0; i < n; i++) {
                        lines += buffer[i] == '\n' ? 1 : 0;
                    }
                }
                if (out.size() > 0) {
                    return new SourceSample(input.uri(), out.toByteArray(), n < 0, null);
                }
            } catch (SourceNotFoundException e) {
                throw e;
            } catch (SourceUnusableException e) {
                return unreadable(input.uri(), e.getMessage());
            }
        }
        return NONE;
    }

    boolean empty() {
        return bytes.length == 0;
    }

    /** The first row's fields read with {@code dialect}; empty when there is no (whole) first row. */
    List<String> firstRow(CsvDialect dialect) throws IOException {
        try (RowFramer framer = new RowFramer(new ByteArrayInputStream(bytes), 0, 0, dialect, bytes.length + 1)) {
            Row row = new Row();
            if (!framer.next(row) || row.error() != null) {
                return List.of();
            }
            List<String> names = new Fields(dialect).split(row).values(dialect.charset());
            return complete || framer.next(row) ? names : List.of(); // else the sample may end inside it
        }
    }
}
