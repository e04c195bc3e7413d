package com.csvtokafka.shard;

import com.csvtokafka.position.ByteRange;
import com.csvtokafka.position.Position;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.SourceInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How a job's inputs are shared among its shards (docs/architecture.md, "Shards"), made once for the base job by the
 * first shard to start and recorded with the pinned input set in the checkpoint store, so that every shard, status
 * and verify agree on it.
 *
 * <ul>
 *   <li>A job of several inputs: whole files, assigned by size ({@link #assign}), each shard's in set order. A shard
 *   may get none (fewer files than shards): it completes with 0 rows.</li>
 *   <li>A job of one input: {@code count - 1} split points at row boundaries near {@code size * k / count}
 *   ({@link ShardPlanner}); shard {@code k} moves the rows from split {@code k - 1} (the file's start for shard 0)
 *   up to split {@code k} (the file's end for the last).</li>
 * </ul>
 *
 * @param count  the number of shards
 * @param inputs the job's pinned input set
 * @param splits for a one-input job, the first row of shards 1 .. count-1 (offset, row number, seek); else empty
 */
public record ShardPlan(int count, InputSet inputs, List<Position> splits) {
    private static final String MAGIC = "# csv-to-kafka shard plan 1";

    public ShardPlan {
        splits = List.copyOf(splits);
        if (count < 1 || (byRanges(inputs) && splits.size() != count - 1) || (!byRanges(inputs) && !splits.isEmpty())) {
            throw new IllegalArgumentException("a plan of " + count + " shards over " + inputs.size() + " inputs has "
                    + splits.size() + " split points");
        }
    }

    /** One input is split into byte ranges; several are shared as whole files. */
    public static boolean byRanges(InputSet inputs) {
        return inputs.size() == 1;
    }

    public boolean byRanges() {
        return byRanges(inputs);
    }

    /** What shard {@code index} moves; {@code header}: the inputs start with a header row (row 0). */
    public Share share(int index, boolean header) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("no shard " + index + " of " + count);
        }
        if (byRanges()) {
            Position start = index == 0 ? Position.start(header) : splits.get(index - 1);
            long end = index == count - 1 ? ByteRange.TO_THE_END : splits.get(index).offset();
            return new Share(index, inputs, new ByteRange(start, end));
        }
        int[] shardOf = assign(inputs.inputs().stream().mapToLong(SourceInfo::size).toArray(), count);
        List<SourceInfo> mine = new ArrayList<>();
        for (int i = 0; i < shardOf.length; i++) {
            if (shardOf[i] == index) {
                mine.add(inputs.get(i));
            }
        }
        return new Share(index, new InputSet(inputs.uri(), mine), null);
    }

    /**
     * Assigns inputs to shards: largest first (ties: the earlier input) to the shard with the fewest bytes so far
     * (ties: the lower shard). Deterministic, and no shard gets more than the average plus its largest input.
     *
     * @return for each input, its shard
     */
    public static int[] assign(long[] sizes, int count) {
        Integer[] order = IntStream.range(0, sizes.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> sizes[i]).reversed().thenComparingInt(i -> i));
        long[] load = new long[count];
        int[] shardOf = new int[sizes.length];
        for (int i : order) {
            int least = 0;
            for (int s = 1; s < count; s++) {
                if (load[s] < load[least]) {
                    least = s;
                }
            }
            shardOf[i] = least;
            load[least] += sizes[i];
        }
        return shardOf;
    }

    /** The plan as the checkpoint store keeps it (beside the base job's id). */
    public String encode() {
        StringBuilder out = new StringBuilder(MAGIC).append('\n');
        out.append("shards ").append(count).append('\n');
        out.append("set ").append(inputs.uri() == null ? "" : inputs.uri()).append('\n');
        for (Position p : splits) {
            out.append("split ").append(p.offset()).append(' ').append(p.row()).append(' ').append(p.seek().raw())
                    .append(' ').append(p.seek().decoded()).append('\n');
        }
        out.append("inputs\n").append(inputs.encode());
        return out.toString();
    }

    /** True for what {@link #encode} wrote (a base job's record), false for a plain job's pinned input set. */
    public static boolean isPlan(String text) {
        return text.startsWith(MAGIC + "\n");
    }

    public static ShardPlan decode(String text) {
        if (!isPlan(text)) {
            throw new IllegalArgumentException("not a shard plan");
        }
        int count = 0;
        String uri = null;
        List<Position> splits = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int i = 1;
        for (; i < lines.length && !lines[i].equals("inputs"); i++) {
            String line = lines[i];
            if (line.startsWith("shards ")) {
                count = Integer.parseInt(line.substring(7));
            } else if (line.startsWith("set ")) {
                uri = line.substring(4);
            } else if (line.startsWith("split ")) {
                String[] f = line.substring(6).split(" ");
                long offset = Long.parseLong(f[0]);
                splits.add(new Position(0, offset, Long.parseLong(f[1]), 0, 0,
                        new Position.Seek(Long.parseLong(f[2]), Long.parseLong(f[3]))));
            }
        }
        StringBuilder rest = new StringBuilder();
        for (i++; i < lines.length; i++) {
            rest.append(lines[i]).append('\n');
        }
        return new ShardPlan(count, InputSet.decode(uri, rest.toString()), splits);
    }

    /**
     * One shard's share: its inputs (for a one-input job, that input) and, for a one-input job, its byte range.
     *
     * @param range null when the shard moves whole files
     */
    public record Share(int index, InputSet inputs, ByteRange range) {
    }
}
