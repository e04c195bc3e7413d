package com.csvtokafka.transfer;

import com.csvtokafka.compress.DecodedInput;
import com.csvtokafka.compress.Seek;
import com.csvtokafka.config.ConfigurationException;
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
 * What the first input's header row can tell wrong, told before the lease and the Kafka checks (which take seconds
 * against a remote cluster): a --key column the header does not have. The run itself finds it later; this only finds
 * it sooner. (Rows are not looked at here: a bad row under --on-bad-row fail is the run's to report, after the rows
 * before it are committed, as docs/bad-input.md promises.)
 */
final class Preflight {
    private Preflight() {
    }

    static void check(JobConfig config, Source source, InputSet inputs) throws ConfigurationException, IOException {
        if (inputs.size() == 0 || !keyColumns(config) || !config.dialect().header()) {
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
        try (RowFramer framer = new RowFramer(in, 0, 0, config.dialect(), config.maxRowBytes())) {
            Row row = new Row();
            if (!framer.next(row) || row.error() != null) {
                return; // an empty file, a malformed header: the run reports them as it always has
            }
            List<String> header = new Fields(config.dialect()).split(row).values(config.dialect().charset());
            ColumnView view = ColumnView.of(header, config.shape().renames(), config.shape().columns());
            new RowKey(view.renamed(config.key().columns()), config.dialect(), view.header());
        } catch (com.csvtokafka.csv.RowTooLargeException e) {
            // a header over --max-row-bytes: the run says so
        }
    }

    private static boolean keyColumns(JobConfig config) {
        return config.key().kind() == JobConfig.KeyMode.Kind.COLUMN && !config.shape().typed();
    }
}
