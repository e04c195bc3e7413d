package com.csvtokafka.verify;

import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.encode.Encoder;
import com.csvtokafka.transfer.Encoders;
import com.csvtokafka.transfer.JobConfig;
import com.csvtokafka.transfer.RecordShape;
import com.csvtokafka.typed.BadField;
import com.csvtokafka.source.RangeStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the source and the partition ({@code read_committed}) side by side, streaming, and reports whether the
 * partition holds exactly the file's well-formed data rows, once each, in order, byte for byte (typed records: value
 * for value, read back by the family of encoders that wrote them; rows whose values do not convert count as bad
 * rows). Records carrying {@code csv.row} let it tell a duplicate from a gap from a reordering; without them it
 * compares values in order.
 * Rows the framer finds malformed are counted and not expected in the topic (they were skipped or dead-lettered).
 */
public final class TopicVerifier {
    private static final int MAX_PROBLEMS_LISTED = 20;

    /** What a verification found; {@code hint}, when not null, says what the records look like when none matched. */
    public record Report(long rowsInFile, long badRowsInFile, long recordsInTopic, long matched, long mismatched,
                         long duplicates, long missing, long outOfOrder, long extra, String fileDigest,
                         String topicDigest, List<String> problems, String hint) {
        public boolean ok() {
            return mismatched == 0 && duplicates == 0 && missing == 0 && outOfOrder == 0 && extra == 0
                    && rowsInFile - badRowsInFile == recordsInTopic;
        }
    }

    private final CsvDialect dialect;
    private final Encoders encoders;
    /** The untyped format the records may have been written in instead, for the hint; null for typed records. */
    private final Encoders otherFormat;
    private final String jobId;
    private Map<Integer, Long> starts = Map.of();
    private final HeaderColumnCheck headerColumns;

    /** A verifier of untyped records, csv or json, the columns as they are. */
    public TopicVerifier(CsvDialect dialect, boolean json, String jobId) {
        this(new Encoders(json ? JobConfig.Format.JSON : JobConfig.Format.CSV, RecordShape.NONE, dialect, List.of(),
                null), jobId);
    }

    /**
     * A verifier of the records the job's encoders write: each row's expected value comes from the same family
     * that wrote it, and a record is read back the way it was written (typed records are compared by value, the
     * others byte for byte).
     *
     * @param jobId when set, only records of this job are compared (the others are ignored)
     */
    public TopicVerifier(Encoders encoders, String jobId) {
        this.dialect = encoders.dialect();
        this.encoders = encoders;
        this.otherFormat = encoders.otherFormat();
        this.jobId = jobId;
        this.headerColumns = new HeaderColumnCheck(dialect, encoders.shape());
    }

    /**
     * Compares each listed partition from the given offset on instead of its beginning: where the job's newest
     * generation starts (after a {@code reset}, the records before it are an earlier generation's).
     */
    public TopicVerifier startingAt(Map<Integer, Long> offsets) {
        this.starts = Map.copyOf(offsets);
        return this;
    }

    /** Opens one input of a set, from its first byte. */
    @FunctionalInterface
    public interface Input {
        InputStream open() throws IOException;

        /** The rows to check: null for all of them, else a shard's byte range (see {@link #ranged}). */
        default Range range() {
            return null;
        }

        /** The rows of {@code whole} from the row at {@code offset} (row number {@code row}) up to {@code end}. */
        static Input ranged(Input whole, long offset, long row, long end, Input atOffset) {
            Range range = new Range(offset, row, end, atOffset);
            return new Input() {
                @Override
                public InputStream open() throws IOException {
                    return whole.open();
                }

                @Override
                public Range range() {
                    return range;
                }
            };
        }
    }

    /**
     * A shard's byte range of an input (docs/architecture.md, "Shards"): the rows from the one at {@code offset}
     * up to, not including, the one at {@code end} ({@link Long#MAX_VALUE}: the input's end).
     *
     * @param atOffset opens the input's decoded stream at {@code offset}
     */
    public record Range(long offset, long row, long end, Input atOffset) {
    }

    public Report verify(InputStream source, Consumer<byte[], byte[]> consumer, TopicPartition tp) throws IOException {
        return verify(List.of(() -> source), consumer, tp);
    }

    /** Where each row's record must be: for a keyed job, the partition its key chooses. */
    @FunctionalInterface
    public interface Routing {
        /**
         * The router for the rows of an input with this header (null without a header row), whose records
         * {@code encoder} writes (a typed key is the one it wrote for the row it encoded last).
         */
        Router forHeader(List<String> header, Encoder encoder) throws IOException;
    }

    @FunctionalInterface
    public interface Router {
        int partitionOf(Row row);
    }

    /** Opens a consumer for one partition. */
    @FunctionalInterface
    public interface Consumers {
        Consumer<byte[], byte[]> open(TopicPartition tp);
    }

    /** Checks one partition: the rows of each input in turn. */
    public Report verify(List<Input> inputs, Consumer<byte[], byte[]> consumer, TopicPartition tp) throws IOException {
        return verify(inputs, p -> consumer, tp.topic(), List.of(tp.partition()), (header, encoder) -> row -> tp.partition());
    }

    /**
     * Checks a job's whole input set: each partition must hold the rows routed to it, of each input in turn, in
     * file order, each numbered within its input ({@code csv.row} starts again at 1 in the next file) — for a keyed
     * job, which proves every key's order. The file digest is over the rows in file order, the topic digest over
     * the partitions' records one partition after the other (equal only for one partition).
     */
    public Report verify(List<Input> inputs, Consumers consumers, String topic, List<Integer> partitions,
                         Routing routing) throws IOException {
        MessageDigest fileDigest = sha256();
        MessageDigest topicDigest = sha256();
        java.util.Map<Integer, Records> streams = new java.util.LinkedHashMap<>();
        for (int p : partitions) {
            TopicPartition tp = new TopicPartition(topic, p);
            streams.put(p, new Records(consumers.open(tp), tp));
        }
        List<String> problems = new ArrayList<>();
        long rows = 0;
        long bad = 0;
        long matched = 0;
        long mismatched = 0;
        long duplicates = 0;
        long missing = 0;
        long outOfOrder = 0;
        // every mismatched record is its row in the other --format: the topic was written with that format
        boolean inOtherFormat = true;
        for (Input input : inputs) {
            streams.values().forEach(r -> r.lastRecordRow = 0);
            Range range = input.range();
            InputStream stream = range == null ? input.open() : RangeStream.of(range.atOffset().open(),
                    range.end() == Long.MAX_VALUE ? Long.MAX_VALUE : range.end() - range.offset());
            long offset = range == null ? 0 : range.offset();
            try (RowFramer framer = new RowFramer(stream, offset, range == null ? (dialect.header() ? 0 : 1) : range.row(),
                    dialect, Integer.MAX_VALUE - 16)) {
                Row row = new Row();
                List<String> header = null;
                if (dialect.header() && offset > 0) { // a range after the header: the header is read at the start
                    try (RowFramer start = new RowFramer(input.open(), 0, 0, dialect, Integer.MAX_VALUE - 16)) {
                        if (start.next(row)) {
                            header = new Fields(dialect).split(row).values(dialect.charset());
                        }
                    }
                } else if (dialect.header() && framer.next(row)) {
                    header = new Fields(dialect).split(row).values(dialect.charset());
                }
                Encoder encoder = bind(encoders, header);
                Encoder other = otherFormat == null ? null : bind(otherFormat, header);
                headerColumns.header(header);
                Router router = routing.forHeader(header, encoder);
                while (framer.next(row)) {
                    rows++;
                    byte[] expected = row.error() != null || (header != null && row.fieldCount() != header.size())
                            ? null : expected(encoder, row);
                    if (expected == null) {
                        bad++;
                        continue;
                    }
                    fileDigest.update(expected);
                    int partition = router.partitionOf(row);
                    Records records = streams.get(partition);
                    if (records == null) {
                        throw new IllegalStateException("row " + row.number() + " belongs to partition " + partition
                                + ", which is not among the partitions checked " + partitions);
                    }
                    while (true) {
                        ConsumerRecord<byte[], byte[]> record = records.peek();
                        if (record == null) {
                            missing++;
                            note(problems, "row " + row.number() + " (byte offset " + row.offset() + ") is missing: the "
                                    + "topic ended");
                            break;
                        }
                        Optional<String> rowHeader = AnchorCodec.string(record.headers(), AnchorCodec.ROW);
                        long recordRow = rowHeader.map(Long::parseLong).orElse(row.number());
                        if (recordRow < row.number()) {
                            records.next(topicDigest);
                            if (recordRow == records.lastRecordRow) {
                                duplicates++;
                                note(problems, "duplicate of row " + recordRow + " at Kafka offset " + record.offset());
                            } else {
                                outOfOrder++;
                                note(problems, "row " + recordRow + " out of order at Kafka offset " + record.offset()
                                        + " (after row " + records.lastRecordRow + ") in partition " + partition);
                            }
                            continue;
                        }
                        if (recordRow > row.number()) {
                            missing++;
                            note(problems, "row " + row.number() + " (byte offset " + row.offset() + ") is missing before "
                                    + "Kafka offset " + record.offset() + " (which holds row " + recordRow + ")");
                            break;
                        }
                        records.next(topicDigest);
                        records.lastRecordRow = recordRow;
                        String wrongHeader = null;
                        if (encoder.holds(expected, record.value())
                                && (wrongHeader = headerColumns.differs(row, record.headers())) == null) {
                            matched++;
                        } else if (wrongHeader != null) {
                            mismatched++;
                            inOtherFormat = false;
                            note(problems, "row " + row.number() + " (byte offset " + row.offset() + ") at Kafka offset "
                                    + record.offset() + ": " + wrongHeader);
                        } else {
                            mismatched++;
                            inOtherFormat = inOtherFormat && other != null
                                    && Arrays.equals(expected(other, row), record.value());
                            note(problems, "row " + row.number() + " (byte offset " + row.offset() + ") differs at Kafka "
                                    + "offset " + record.offset() + ": expected " + abbreviate(expected) + ", found "
                                    + abbreviate(record.value()));
                        }
                        break;
                    }
                }
            }
        }
        long extra = 0;
        long recordsInTopic = 0;
        for (Records records : streams.values()) {
            for (ConsumerRecord<byte[], byte[]> record; (record = records.next(topicDigest)) != null; ) {
                extra++;
                long recordRow = AnchorCodec.string(record.headers(), AnchorCodec.ROW).map(Long::parseLong).orElse(-1L);
                if (recordRow > 0 && recordRow <= records.lastRecordRow) {
                    duplicates++;
                    extra--;
                    note(problems, "duplicate of row " + recordRow + " at Kafka offset " + record.offset() + " of "
                            + records.tp + " (after the last row)");
                } else {
                    note(problems, "extra record at Kafka offset " + record.offset() + " of " + records.tp + ": "
                            + abbreviate(record.value()));
                }
            }
            recordsInTopic += records.count;
        }
        refuseSharedWithoutJobIds(streams.values());
        String hint = matched == 0 && mismatched > 0 && inOtherFormat
                ? "records look like " + otherFormat.formatName() + " rows; did you mean --format "
                        + otherFormat.formatName() + "?"
                : null;
        return new Report(rows, bad, recordsInTopic, matched, mismatched, duplicates, missing, outOfOrder, extra,
                HexFormat.of().formatHex(fileDigest.digest()), HexFormat.of().formatHex(topicDigest.digest()), problems,
                hint);
    }

    /**
     * With {@code --job-id}, records that do not name their job (under --headers row or min only each transaction's
     * last record carries csv.job) are taken as the job's — right only while no other job wrote to the partition.
     * When another job did, the comparison would count its records as this job's: refused, saying what works.
     */
    private void refuseSharedWithoutJobIds(java.util.Collection<Records> streams) {
        for (Records records : streams) {
            if (!records.otherJobs.isEmpty() && records.unnamed > 0) {
                throw new IllegalArgumentException("partition " + records.tp + " holds records of other jobs too ("
                        + String.join(", ", records.otherJobs) + "), and " + records.unnamed + " of its records do not "
                        + "name their job (with --headers row or min only each transaction's last record carries "
                        + "csv.job), so --job-id " + jobId + " cannot tell this job's records from the others'\n"
                        + "give each job its own topic or partition, or run the jobs with --headers all (every record "
                        + "names its job) to verify them one by one in a shared partition");
            }
        }
    }

    private static Encoder bind(Encoders encoders, List<String> header) throws IOException {
        try {
            return encoders.forHeader(header);
        } catch (ConfigurationException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The value the job wrote for a well-formed row, or null when the row does not convert (a bad row). */
    private static byte[] expected(Encoder encoder, Row row) {
        try {
            return encoder.value(row, null);
        } catch (BadField e) {
            return null;
        }
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < MAX_PROBLEMS_LISTED) {
            problems.add(problem);
        } else if (problems.size() == MAX_PROBLEMS_LISTED) {
            problems.add("... (more problems not listed)");
        }
    }

    static String abbreviate(byte[] value) {
        String s = new String(value, StandardCharsets.UTF_8).replace("\n", "\\n").replace("\r", "\\r");
        return "\"" + (s.length() > 80 ? s.substring(0, 60) + "…" + s.substring(s.length() - 15) : s) + "\"";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The partition's committed records of the job, up to the last stable offset at the start, one at a time. */
    private final class Records {
        private final Consumer<byte[], byte[]> consumer;
        private final TopicPartition tp;
        private final long end;
        private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
        private long count;
        /** With a job id: the other jobs whose records are in the partition, and the records naming no job. */
        final java.util.Set<String> otherJobs = new java.util.TreeSet<>();
        long unnamed;
        /** The last row number matched in this partition (for the input being read). */
        long lastRecordRow;

        Records(Consumer<byte[], byte[]> consumer, TopicPartition tp) {
            this.consumer = consumer;
            this.tp = tp;
            consumer.assign(List.of(tp));
            Long start = starts.get(tp.partition());
            if (start != null) {
                consumer.seek(tp, start);
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
            this.end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
        }

        ConsumerRecord<byte[], byte[]> peek() {
            while (buffered.isEmpty()) {
                if (consumer.position(tp, Duration.ofSeconds(30)) >= end) {
                    return null;
                }
                Iterator<ConsumerRecord<byte[], byte[]>> it = consumer.poll(Duration.ofMillis(500)).records(tp).iterator();
                while (it.hasNext()) {
                    ConsumerRecord<byte[], byte[]> r = it.next();
                    if (r.offset() < end && (jobId == null || ofJob(r))) {
                        buffered.add(r);
                    }
                }
            }
            return buffered.peek();
        }

        ConsumerRecord<byte[], byte[]> next(MessageDigest digest) {
            ConsumerRecord<byte[], byte[]> r = peek();
            if (r != null) {
                buffered.poll();
                count++;
                digest.update(r.value());
            }
            return r;
        }

        private boolean ofJob(ConsumerRecord<byte[], byte[]> r) {
            // records of --headers row/min carry the job id only on each transaction's last record; records
            // without it are counted as the job's when the partition is dedicated to it (refuseSharedWithoutJobIds)
            Optional<String> job = AnchorCodec.string(r.headers(), AnchorCodec.JOB);
            if (job.isEmpty()) {
                unnamed++;
                return true;
            }
            if (!job.get().equals(jobId)) {
                otherJobs.add(job.get());
                return false;
            }
            return true;
        }
    }
}
