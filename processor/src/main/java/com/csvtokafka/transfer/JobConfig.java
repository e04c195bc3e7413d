package com.csvtokafka.transfer;

import com.csvtokafka.compress.Compression;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.position.Shard;
import com.csvtokafka.source.KafkaSourceUri;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Everything one transfer needs to know, validated once (in the constructor, whichever way it is built). Built by
 * name with {@link #builder()}, whose defaults are the command line's; changed by name with {@link #toBuilder()}.
 */
public record JobConfig(
        String sourceUri,
        String topic,
        String jobId,
        int partition,
        Format format,
        KeyMode key,
        HeadersMode headers,
        CsvDialect dialect,
        BadRowPolicy onBadRow,
        boolean createTopic,
        int transactionMaxRows,
        Duration transactionMaxTime,
        Duration leaseTtl,
        Duration leaseWait,
        Duration progressInterval,
        int maxRowBytes,
        long maxRowsPerSecond,
        boolean failOnEmpty,
        boolean allowHeaderMismatch,
        String include,
        Compression compression,
        PartitionList partitions,
        int lanes,
        Shard shard,
        RecordShape shape,
        boolean partitionGiven,
        SourceValues sourceValues) {

    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    public JobConfig {
        if (format == Format.AVRO && !shape.typed()) {
            throw new IllegalArgumentException("--format avro needs --schema FILE.avsc (the Avro record schema the "
                    + "columns convert to)");
        }
        if (shape.reshapes() && !dialect.header()) {
            throw new IllegalArgumentException("--schema, --columns and --rename name columns by the header row: "
                    + "they need --header true");
        }
        if (!shape.headerColumns().isEmpty() && !dialect.header()) {
            throw new IllegalArgumentException("--header-column names a column of the header row: it needs --header true");
        }
        if (shape.timestampColumn() != null && !dialect.header()) {
            throw new IllegalArgumentException("--timestamp column:NAME needs --header true");
        }
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("--job-id must be 1-200 characters of A-Z a-z 0-9 . _ - (it names the "
                    + "transactional id and the checkpoint), got '" + jobId + "'");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("--partition must be >= 0");
        }
        if (transactionMaxRows < 1 || transactionMaxTime.isNegative() || transactionMaxTime.isZero()) {
            throw new IllegalArgumentException("transaction size must be at least one row and 1 ms");
        }
        if (onBadRow.dlqTopic() != null && onBadRow.dlqTopic().equals(topic)) {
            throw new IllegalArgumentException("the dead-letter topic must differ from --topic");
        }
        if (lanes < 0) {
            throw new IllegalArgumentException("--lanes must be at least 1");
        }
        // a Kafka source's records have keys of their own: --partitions alone remaps by them
        if (partitions != null && shard == null && key.kind() != KeyMode.Kind.COLUMN
                && !KafkaSourceUri.isKafka(sourceUri)) {
            throw new IllegalArgumentException("--partitions spreads rows over partitions by their key: give the key "
                    + "column(s) too, e.g. --key column:customer_id (rows of one key stay in file order)");
        }
        if (lanes > 0 && (partitions == null || shard != null)) {
            throw new IllegalArgumentException("--lanes needs keyed mode (--partitions all|LIST with --key column:NAME)");
        }
    }

    /** A job over several partitions by key (docs/architecture.md, "Keyed mode"); else one partition (or shard). */
    public boolean keyed() {
        return partitions != null && shard == null;
    }

    /** This config with the partitions and lane count fixed for the run (see TransferJob). */
    public JobConfig with(PartitionList partitions, int lanes) {
        return toBuilder().partitions(partitions).lanes(lanes).build();
    }

    /** This config as shard job {@code jobId} (see {@link Shard#jobId}) writing to {@code partition}. */
    public JobConfig forShard(String jobId, int partition) {
        return toBuilder().jobId(jobId).partition(partition).build();
    }

    /** What the job moves, as the checkpoint stores it (see {@link JobSpec}). */
    public String spec() {
        return JobSpec.of(this).text();
    }

    /** A config to build by name; source, topic and job id have no default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's settings, to change some by name. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** What goes in a record's value. */
    public enum Format { JSON, CSV, AVRO }

    /** Which records carry the position headers (see docs/architecture.md, "Anchor format"). */
    public enum HeadersMode { ALL, ROW, MIN }

    /**
     * The record key: none, the row number, or the value of one or more columns (several: written as one CSV row
     * of those values, see RecordEncoder; with --schema, typed: see typed/TypedRows#key).
     */
    public record KeyMode(Kind kind, List<String> columns) {
        public enum Kind { NONE, ROW, COLUMN }

        public KeyMode {
            columns = columns == null ? List.of() : List.copyOf(columns);
        }

        @Override
        public String toString() {
            return kind == Kind.COLUMN ? "column:" + String.join(",", columns) : kind.name().toLowerCase(Locale.ROOT);
        }

        public static KeyMode parse(String value) {
            String v = value.trim();
            if (v.equalsIgnoreCase("none")) {
                return new KeyMode(Kind.NONE, null);
            }
            if (v.equalsIgnoreCase("row")) {
                return new KeyMode(Kind.ROW, null);
            }
            if (v.regionMatches(true, 0, "column:", 0, 7) && v.length() > 7) {
                List<String> columns = new ArrayList<>();
                for (String c : v.substring(7).split(",")) {
                    if (c.isBlank()) {
                        throw new IllegalArgumentException("--key column:NAME[,NAME..] has an empty column name: '"
                                + value + "'");
                    }
                    columns.add(c.trim());
                }
                return new KeyMode(Kind.COLUMN, columns);
            }
            throw new IllegalArgumentException("--key must be none, row or column:NAME[,NAME..], got '" + value + "'");
        }
    }

    /** What to do with a malformed row: stop (after committing what came before), skip it, or divert it. */
    public record BadRowPolicy(Kind kind, String dlqTopic) {
        public enum Kind { FAIL, SKIP, DLQ }

        public static BadRowPolicy parse(String value) {
            String v = value.trim();
            if (v.equalsIgnoreCase("fail")) {
                return new BadRowPolicy(Kind.FAIL, null);
            }
            if (v.equalsIgnoreCase("skip")) {
                return new BadRowPolicy(Kind.SKIP, null);
            }
            if (v.regionMatches(true, 0, "dlq:", 0, 4) && v.length() > 4) {
                return new BadRowPolicy(Kind.DLQ, v.substring(4));
            }
            throw new IllegalArgumentException("--on-bad-row must be fail, skip or dlq:TOPIC, got '" + value + "'");
        }
    }

    /**
     * A {@link JobConfig} by name. Unset settings take the command line's defaults: partition 0, JSON values, no
     * key, {@code --headers row}, an RFC 4180 dialect with a header row, fail on a bad row, transactions of up to
     * 1,000,000 rows or 1 s, a 60 s lease, untyped records.
     */
    public static final class Builder {
        private String sourceUri;
        private String topic;
        private String jobId;
        private int partition;
        private Format format = Format.JSON;
        private KeyMode key = new KeyMode(KeyMode.Kind.NONE, null);
        private HeadersMode headers = HeadersMode.ROW;
        private CsvDialect dialect = CsvDialect.RFC4180;
        private BadRowPolicy onBadRow = new BadRowPolicy(BadRowPolicy.Kind.FAIL, null);
        private boolean createTopic;
        private int transactionMaxRows = 1_000_000;
        private Duration transactionMaxTime = Duration.ofSeconds(1);
        private Duration leaseTtl = Duration.ofSeconds(60);
        private Duration leaseWait = Duration.ZERO;
        private Duration progressInterval = Duration.ofSeconds(5);
        private int maxRowBytes = 64 << 20;
        private long maxRowsPerSecond;
        private boolean failOnEmpty;
        private boolean allowHeaderMismatch;
        private String include = "";
        private Compression compression = Compression.AUTO;
        private PartitionList partitions; // null: one partition (--partitions not given)
        private int lanes; // 0: decided at run time (see TransferJob)
        private Shard shard; // null: not a shard
        private RecordShape shape = RecordShape.NONE;
        private boolean partitionGiven; // --partition given: nothing to tell about the one partition
        private SourceValues sourceValues = SourceValues.BYTES;

        private Builder() {
        }

        private Builder(JobConfig c) {
            sourceUri = c.sourceUri;
            topic = c.topic;
            jobId = c.jobId;
            partition = c.partition;
            format = c.format;
            key = c.key;
            headers = c.headers;
            dialect = c.dialect;
            onBadRow = c.onBadRow;
            createTopic = c.createTopic;
            transactionMaxRows = c.transactionMaxRows;
            transactionMaxTime = c.transactionMaxTime;
            leaseTtl = c.leaseTtl;
            leaseWait = c.leaseWait;
            progressInterval = c.progressInterval;
            maxRowBytes = c.maxRowBytes;
            maxRowsPerSecond = c.maxRowsPerSecond;
            failOnEmpty = c.failOnEmpty;
            allowHeaderMismatch = c.allowHeaderMismatch;
            include = c.include;
            compression = c.compression;
            partitions = c.partitions;
            lanes = c.lanes;
            shard = c.shard;
            shape = c.shape;
            partitionGiven = c.partitionGiven;
            sourceValues = c.sourceValues;
        }

        public Builder sourceUri(String value) {
            sourceUri = value;
            return this;
        }

        public Builder topic(String value) {
            topic = value;
            return this;
        }

        public Builder jobId(String value) {
            jobId = value;
            return this;
        }

        public Builder partition(int value) {
            partition = value;
            return this;
        }

        public Builder format(Format value) {
            format = value;
            return this;
        }

        public Builder key(KeyMode value) {
            key = value;
            return this;
        }

        public Builder headers(HeadersMode value) {
            headers = value;
            return this;
        }

        public Builder dialect(CsvDialect value) {
            dialect = value;
            return this;
        }

        public Builder onBadRow(BadRowPolicy value) {
            onBadRow = value;
            return this;
        }

        public Builder createTopic(boolean value) {
            createTopic = value;
            return this;
        }

        public Builder transactionMaxRows(int value) {
            transactionMaxRows = value;
            return this;
        }

        public Builder transactionMaxTime(Duration value) {
            transactionMaxTime = value;
            return this;
        }

        public Builder leaseTtl(Duration value) {
            leaseTtl = value;
            return this;
        }

        public Builder leaseWait(Duration value) {
            leaseWait = value;
            return this;
        }

        public Builder progressInterval(Duration value) {
            progressInterval = value;
            return this;
        }

        public Builder maxRowBytes(int value) {
            maxRowBytes = value;
            return this;
        }

        public Builder maxRowsPerSecond(long value) {
            maxRowsPerSecond = value;
            return this;
        }

        /** The user chose the one partition (--partition, KAFKA_PARTITION): no one_partition notice. */
        public Builder partitionGiven(boolean value) {
            partitionGiven = value;
            return this;
        }

        public Builder failOnEmpty(boolean value) {
            failOnEmpty = value;
            return this;
        }

        public Builder allowHeaderMismatch(boolean value) {
            allowHeaderMismatch = value;
            return this;
        }

        public Builder include(String value) {
            include = value;
            return this;
        }

        public Builder compression(Compression value) {
            compression = value;
            return this;
        }

        public Builder partitions(PartitionList value) {
            partitions = value;
            return this;
        }

        public Builder lanes(int value) {
            lanes = value;
            return this;
        }

        public Builder shard(Shard value) {
            shard = value;
            return this;
        }

        public Builder shape(RecordShape value) {
            shape = value;
            return this;
        }

        /** The config, validated. */
        /** How a Kafka source's values are read; default: copied as they are. */
        public Builder sourceValues(SourceValues value) {
            sourceValues = value;
            return this;
        }

        public JobConfig build() {
            return new JobConfig(sourceUri, topic, jobId, partition, format, key, headers, dialect, onBadRow,
                    createTopic, transactionMaxRows, transactionMaxTime, leaseTtl, leaseWait, progressInterval,
                    maxRowBytes, maxRowsPerSecond, failOnEmpty, allowHeaderMismatch, include, compression, partitions,
                    lanes, shard, shape, partitionGiven, sourceValues);
        }
    }
}
