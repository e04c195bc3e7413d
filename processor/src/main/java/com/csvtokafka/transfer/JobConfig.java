package com.csvtokafka.transfer;

import com.csvtokafka.compress.Compression;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.position.Shard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Everything one transfer needs to know, validated once. */
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
        RecordShape shape) {

    /** This job with another record shape. */
    public JobConfig withShape(RecordShape newShape) {
        return new JobConfig(sourceUri, topic, jobId, partition, format, key, headers, dialect, onBadRow, createTopic,
                transactionMaxRows, transactionMaxTime, leaseTtl, leaseWait, progressInterval, maxRowBytes,
                maxRowsPerSecond, failOnEmpty, allowHeaderMismatch, include, compression, partitions, lanes, shard,
                newShape);
    }

    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    /** A job of untyped records, the columns as they are. */
    public JobConfig(String sourceUri, String topic, String jobId, int partition, Format format, KeyMode key,
                     HeadersMode headers, CsvDialect dialect, BadRowPolicy onBadRow, boolean createTopic,
                     int transactionMaxRows, Duration transactionMaxTime, Duration leaseTtl, Duration leaseWait,
                     Duration progressInterval, int maxRowBytes, long maxRowsPerSecond, boolean failOnEmpty,
                     boolean allowHeaderMismatch, String include, Compression compression, PartitionList partitions,
                     int lanes, Shard shard) {
        this(sourceUri, topic, jobId, partition, format, key, headers, dialect, onBadRow, createTopic, transactionMaxRows,
                transactionMaxTime, leaseTtl, leaseWait, progressInterval, maxRowBytes, maxRowsPerSecond, failOnEmpty,
                allowHeaderMismatch, include, compression, partitions, lanes, shard, RecordShape.NONE);
    }

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
        if (partitions != null && shard == null && key.kind() != KeyMode.Kind.COLUMN) {
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

    /** This job reading the CSV with {@code newDialect} (--delimiter auto, once the source told it). */
    public JobConfig withDialect(CsvDialect newDialect) {
        return new JobConfig(sourceUri, topic, jobId, partition, format, key, headers, newDialect, onBadRow, createTopic,
                transactionMaxRows, transactionMaxTime, leaseTtl, leaseWait, progressInterval, maxRowBytes,
                maxRowsPerSecond, failOnEmpty, allowHeaderMismatch, include, compression, partitions, lanes, shard, shape);
    }

    /** This config with the partitions and lane count fixed for the run (see TransferJob). */
    public JobConfig with(PartitionList partitions, int lanes) {
        return new JobConfig(sourceUri, topic, jobId, partition, format, key, headers, dialect, onBadRow, createTopic,
                transactionMaxRows, transactionMaxTime, leaseTtl, leaseWait, progressInterval, maxRowBytes,
                maxRowsPerSecond, failOnEmpty, allowHeaderMismatch, include, compression, partitions, lanes, shard, shape);
    }

    /** This config as shard job {@code jobId} (see {@link Shard#jobId}) writing to {@code partition}. */
    public JobConfig forShard(String jobId, int partition) {
        return new JobConfig(sourceUri, topic, jobId, partition, format, key, headers, dialect, onBadRow, createTopic,
                transactionMaxRows, transactionMaxTime, leaseTtl, leaseWait, progressInterval, maxRowBytes,
                maxRowsPerSecond, failOnEmpty, allowHeaderMismatch, include, compression, partitions, lanes, shard, shape);
    }

    /** What the job moves, as the checkpoint records it (see {@link JobSpec}). */
    public String spec() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("--source", sourceUri);
        s.put("--include", include == null ? "" : include);
        s.put("--topic", topic);
        s.put("--partition", Integer.toString(partition));
        s.put("--format", format.name().toLowerCase(Locale.ROOT));
        s.put("--key", key.toString());
        s.put("--schema", shape.typed() ? shape.schema().identity() : "");
        s.put("--schema-registry", shape.registry() == null ? "" : shape.registry());
        s.put("--columns", String.join(",", shape.columns()));
        s.put("--rename", shape.renames().isEmpty() ? "" : new java.util.TreeMap<>(shape.renames()).toString());
        s.put("--timestamp", shape.timestampColumn() == null ? "" : "column:" + shape.timestampColumn());
        s.put("--null-value", shape.nullValue() == null ? "" : "'" + shape.nullValue() + "'");
        s.put("--timestamp-format", shape.timestampFormat() == null ? "" : shape.timestampFormat());
        s.put("--headers", headers.name().toLowerCase(Locale.ROOT));
        s.put("--header-column", shape.headerColumns().stream().map(HeaderColumn::toString)
                .collect(java.util.stream.Collectors.joining(",")));
        s.put("--header", Boolean.toString(dialect.header()));
        s.put("--delimiter", Character.toString((char) dialect.delimiter()));
        s.put("--quote", Character.toString((char) dialect.quote()));
        s.put("--encoding", dialect.charset().name());
        s.put("--partitions", partitions == null ? "" : partitions.toString());
        s.put("--lanes", keyed() ? Integer.toString(lanes) : "");
        s.put("--shard", shard == null ? "" : shard.toString());
        return JobSpec.of(s);
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
}
