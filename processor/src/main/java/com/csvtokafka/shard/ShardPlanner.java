package com.csvtokafka.shard;

import com.csvtokafka.compress.Compression;
import com.csvtokafka.compress.DecodedInput;
import com.csvtokafka.compress.RawOpener;
import com.csvtokafka.compress.Seek;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import com.csvtokafka.position.Position;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.Source;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Makes a job's {@link ShardPlan} (docs/architecture.md, "Shards"). For several inputs nothing is read: the plan is
 * the set and the shard count. For one input, one pass over the file with the quote-aware {@link RowFramer} finds
 * {@code count - 1} row boundaries near {@code size * k / count} of the decoded bytes, each with its row number and
 * a decoder restart point, so a quoted field's line breaks are never taken for a row's end.
 *
 * <p>The pass cannot know the decoded size (compressed inputs) before its end, so it keeps a bounded, evenly spaced
 * sample of row boundaries — every row while there are few, then every 2nd, 4th, ... row — and picks, for each
 * target, the first sampled boundary at or after it: with {@value #SAMPLES} samples a shard is within about
 * 1/{@value #SAMPLES} of the file of its ideal size (rows of very different lengths aside).
 */
public final class ShardPlanner {
    static final int SAMPLES = 8192;
    private static final int HEARTBEAT_ROWS = 1 << 16;

    private ShardPlanner() {
    }

    /**
     * The plan for {@code count} shards of {@code inputs}.
     *
     * @param heartbeat run now and then during a long pass (the planner renews its lease there)
     */
    public static ShardPlan plan(InputSet inputs, int count, Source source, Compression compression, CsvDialect dialect,
                                 int maxRowBytes, Runnable heartbeat) throws IOException {
        if (!ShardPlan.byRanges(inputs)) {
            return new ShardPlan(count, inputs, List.of());
        }
        return new ShardPlan(count, inputs, split(offset -> source.open(inputs.get(0), offset), compression, dialect,
                maxRowBytes, count, heartbeat));
    }

    /**
     * The first rows of shards 1 .. count-1 of one input. Where the input has fewer rows than shards, several
     * splits fall on the same row or at the end of the input: those shards are empty.
     */
    public static List<Position> split(RawOpener raw, Compression compression, CsvDialect dialect, int maxRowBytes,
                                       int count, Runnable heartbeat) throws IOException {
        long[] offsets = new long[SAMPLES];
        long[] rows = new long[SAMPLES];
        long[] seekRaw = new long[SAMPLES];
        long[] seekDecoded = new long[SAMPLES];
        int size = 0;
        long stride = 1;
        long end;
        long endRow;
        Seek endSeek;
        try (DecodedInput in = DecodedInput.open(raw, compression, Seek.START, 0, true);
             RowFramer framer = new RowFramer(in, 0, dialect.header() ? 0 : 1, dialect, maxRowBytes)) {
            Row row = new Row();
            long nextNumber = dialect.header() ? 0 : 1;
            long next = 0; // where the row after the last one read starts: the end of the rows
            if (dialect.header() && framer.next(row)) {
                nextNumber = 1;
                next = row.nextOffset();
            }
            long index = 0;
            while (framer.next(row)) {
                nextNumber = row.number() + 1;
                next = row.nextOffset();
                if (index % stride == 0) {
                    if (size == SAMPLES) { // keep every other sample: the rows at multiples of the doubled stride
                        for (int i = 0; i < SAMPLES / 2; i++) {
                            offsets[i] = offsets[2 * i];
                            rows[i] = rows[2 * i];
                            seekRaw[i] = seekRaw[2 * i];
                            seekDecoded[i] = seekDecoded[2 * i];
                        }
                        size = SAMPLES / 2;
                        stride *= 2;
                    }
                    if (index % stride == 0) {
                        Seek seek = in.seekFor(row.offset());
                        offsets[size] = row.offset();
                        rows[size] = row.number();
                        seekRaw[size] = seek.rawOffset();
                        seekDecoded[size] = seek.decodedOffset();
                        size++;
                    }
                }
                if (++index % HEARTBEAT_ROWS == 0) {
                    heartbeat.run();
                }
            }
            end = next;
            endRow = nextNumber;
            endSeek = in.seekFor(end);
        }
        List<Position> splits = new ArrayList<>(count - 1);
        int sample = 0;
        for (int k = 1; k < count; k++) {
            long target = (long) ((double) end * k / count);
            sample = firstAtOrAfter(offsets, size, sample, target);
            splits.add(sample < size
                    ? new Position(0, offsets[sample], rows[sample], 0, 0, new Position.Seek(seekRaw[sample], seekDecoded[sample]))
                    : new Position(0, end, endRow, 0, 0, endSeek.toPosition()));
        }
        return splits;
    }

    private static int firstAtOrAfter(long[] offsets, int size, int from, long target) {
        int i = Arrays.binarySearch(offsets, from, size, target);
        return i >= 0 ? i : -i - 1;
    }
}
