package com.csvtokafka.transfer;

import com.csvtokafka.compress.DecodedInput;
import com.csvtokafka.compress.Seek;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.InputSniffer;
import com.csvtokafka.source.Source;
import com.csvtokafka.source.SourceInfo;
import com.csvtokafka.typed.ColumnView;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What can be told wrong from the first input's first rows, told before the lease and the Kafka checks (which take
 * seconds against a remote cluster): a --key column the header does not have, and a file whose first rows are not in
 * the --encoding given. The run itself finds the same problems later; this only finds them sooner.
 */
final class Preflight {
    /** Rows looked at for their encoding: enough to meet the first accented name of most exports, cheap to read. */
    static final int PREVIEW_ROWS = 1_000;

    private Preflight() {
    }

    /**
     * @param fresh true for a job that has handled no row yet: only then is a row's encoding checked here (a job
     *              that resumes past such rows, skipped before, must not be stopped by them)
     */
    static void check(JobConfig config, Source source, InputSet inputs, boolean fresh)
            throws ConfigurationException, IOException {
        if (inputs.size() == 0 || !(keyColumns(config) || (fresh && failsOnBadRows(config)))) {
            return;
        }
        SourceInfo first = inputs.get(0);
        DecodedInput decoded = DecodedInput.open(offset -> source.open(first, offset), config.compression(), Seek.START,
                0, false);
        InputStream in;
        try {
            in = InputSniffer.checked(decoded, first.uri());
        } catch (IOException | RuntimeException e) {
            decoded.close();
            return; // not CSV, unreadable: the run says so in its own words
        }
        try (RowFramer framer = new RowFramer(in, 0, config.dialect().header() ? 0 : 1, config.dialect(),
                config.maxRowBytes())) {
            Row row = new Row();
            List<String> header = null;
            if (config.dialect().header()) {
                if (!framer.next(row)) {
                    return;
                }
                if (row.error() != null) {
                    throw new ConfigurationException("the header row of " + first.uri() + " is malformed: " + row.error());
                }
                header = new Fields(config.dialect()).split(row).values(config.dialect().charset());
            }
            if (keyColumns(config)) {
                ColumnView view = header == null ? null : ColumnView.of(header, config.shape().renames(),
                        config.shape().columns());
                new RowKey(view == null ? config.key().columns() : view.renamed(config.key().columns()),
                        config.dialect(), view == null ? null : view.header());
            }
            if (fresh && failsOnBadRows(config)) {
                for (int i = 0; i < PREVIEW_ROWS && framer.next(row); i++) {
                    if (row.error() != null && encoding(row.error())) {
                        throw new ConfigurationException("row " + row.number() + " of " + first.uri() + " at byte "
                                + "offset " + row.offset() + ": " + row.error() + "; nothing was sent");
                    }
                }
            }
        } catch (com.csvtokafka.csv.RowTooLargeException e) {
            // a row over --max-row-bytes: the run handles it per --on-bad-row
        }
    }

    private static boolean keyColumns(JobConfig config) {
        return config.key().kind() == JobConfig.KeyMode.Kind.COLUMN && !config.shape().typed();
    }

    private static boolean failsOnBadRows(JobConfig config) {
        return config.onBadRow().kind() == JobConfig.BadRowPolicy.Kind.FAIL;
    }

    /** The framer's words for bytes that are not text in the dialect's encoding. */
    private static boolean encoding(String error) {
        return error.startsWith("invalid UTF-8") || error.startsWith("bytes not decodable as");
    }
}
