package com.csvtokafka.encode;

import com.csvtokafka.csv.CsvColumns;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.Row;
import java.util.Arrays;

/** {@code --format csv}: the row's exact bytes as they stand in the file, or with {@code --columns} those columns' raw bytes. */
public final class CsvEncoder implements Encoder {
    private final Fields fields;
    private final CsvColumns columns;
    /** The columns of {@code --columns}, in order; null for the row as it is. */
    private final int[] select;

    /** @param select the columns written, in order; null for the row's bytes as they are */
    public CsvEncoder(CsvDialect dialect, int[] select) {
        this.fields = new Fields(dialect);
        this.columns = new CsvColumns(dialect);
        this.select = select;
    }

    @Override
    public byte[] value(Row row, Fields split) {
        if (select == null) {
            return row.copyBytes();
        }
        return columns.raw(split != null ? split : fields.split(row), select);
    }

    @Override
    public boolean holds(byte[] expected, byte[] actual) {
        return Arrays.equals(expected, actual);
    }
}
