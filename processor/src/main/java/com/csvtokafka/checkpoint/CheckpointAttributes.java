package com.csvtokafka.checkpoint;

import com.csvtokafka.position.Position;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The checkpoint's attribute names, shared by both stores. {@code last_line}, {@code total_sent} and
 * {@code timestamp} (epoch seconds) keep the names the seed design's operators already query.
 */
final class CheckpointAttributes {
    private CheckpointAttributes() {
    }

    static Map<String, Object> toMap(Checkpoint c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_id", c.jobId());
        m.put("status", c.status().name());
        m.put("last_line", c.lastLine());
        m.put("total_sent", c.totalSent());
        m.put("skipped_rows", c.skipped());
        m.put("byte_offset", c.byteOffset());
        m.put("source_size", c.sourceSize());
        m.put("source_uri", c.sourceUri());
        m.put("source_version", c.sourceVersion());
        m.put("topic", c.topic());
        m.put("partition", c.partition());
        m.put("rows_per_second", Math.round(c.rowsPerSecond()));
        m.put("started_at", c.startedAt());
        m.put("updated_at", Instant.ofEpochMilli(c.updatedAt()).toString());
        m.put("timestamp", c.updatedAt() / 1000);
        m.put("message", c.message() == null ? "" : c.message());
        m.put("kafka_offset", c.kafkaOffset());
        m.put("input_index", c.position().input());
        m.put("next_row", c.position().row());
        m.put("bytes_done", c.bytesDone());
        if (!c.position().seek().isPlain(c.position().offset())) { // a compressed input's restart point
            m.put("seek_raw", c.position().seek().raw());
            m.put("seek_decoded", c.position().seek().decoded());
        }
        if (c.spec() != null) {
            m.put("job_spec", c.spec());
        }
        return m;
    }

    /** Empty when the item holds only a lease (a job that never committed anything). */
    static Optional<Checkpoint> fromMap(Map<String, Object> m) {
        if (m.get("status") == null) {
            return Optional.empty();
        }
        String message = (String) m.get("message");
        return Optional.of(new Checkpoint(
                (String) m.get("job_id"),
                JobStatus.valueOf((String) m.get("status")),
                new Position((int) num(m, "input_index"), num(m, "byte_offset"),
                        m.containsKey("next_row") ? num(m, "next_row") : num(m, "last_line") + 1,
                        num(m, "total_sent"), num(m, "skipped_rows"), m.containsKey("seek_raw")
                        ? new Position.Seek(num(m, "seek_raw"), num(m, "seek_decoded"))
                        : Position.Seek.plain(num(m, "byte_offset"))),
                num(m, "source_size"),
                (String) m.get("source_uri"),
                (String) m.get("source_version"),
                (String) m.get("topic"),
                (int) num(m, "partition"),
                num(m, "rows_per_second"),
                num(m, "started_at"),
                num(m, "timestamp") * 1000,
                message == null || message.isEmpty() ? null : message,
                m.containsKey("kafka_offset") ? num(m, "kafka_offset") : -1,
                (String) m.get("job_spec"),
                m.containsKey("bytes_done") ? num(m, "bytes_done") : num(m, "byte_offset")));
    }

    /** The job's generation (docs/architecture.md, "Generations"): written by {@code reset} only, kept by all writes. */
    static final String GENERATION = "generation";

    /** The generation an item records, or {@code Generation.UNKNOWN} (-1) when it has none. */
    static long generation(Map<String, Object> m) {
        return m.containsKey(GENERATION) ? num(m, GENERATION) : -1;
    }

    /**
     * What a reset leaves of a job's item: its new generation, the reset's epoch millis, kept above the one before
     * so that generations only grow even when clocks step back.
     */
    static Map<String, Object> resetItem(String jobId, Map<String, Object> before) {
        long generation = Math.max(System.currentTimeMillis(), generation(before) + 1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_id", jobId);
        m.put(GENERATION, generation);
        m.put("reset_at", Instant.ofEpochMilli(generation).toString());
        return m;
    }

    /** When the job was last reset, when it was. */
    static Optional<String> resetAt(Map<String, Object> m) {
        return Optional.ofNullable(m.get("reset_at")).map(Object::toString);
    }

    private static long num(Map<String, Object> m, String name) {
        Object v = m.get(name);
        if (v instanceof Number n) {
            return n.longValue();
        }
        return v == null ? 0 : Long.parseLong(v.toString());
    }
}
