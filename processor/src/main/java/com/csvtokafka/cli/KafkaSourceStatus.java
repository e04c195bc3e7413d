package com.csvtokafka.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code status --job-id ID} shows of a job whose source is a Kafka topic (docs/architecture.md, "Kafka
 * source"): the job as a whole, then per source partition its copy ({@code ID.p<N>}): state, records copied, the next
 * source offset to copy (as of the copy's last checkpoint), and its lag behind the source's end offset when the source
 * could be read.
 */
final class KafkaSourceStatus {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One partition copy.
     *
     * @param status    its state as {@code status} names it (RUNNING, STOPPED, COMPLETED, ..., NOT_STARTED)
     * @param next      the next source offset to copy
     * @param pinnedEnd where a bounded run of the job ends
     * @param end       the partition's end offset now (its last stable offset); null when the source was not read
     */
    record PartitionCopy(int partition, String jobId, String status, long records, long next, long pinnedEnd,
                         Long end) {
        /** Offsets still to copy up to the source's end; null when unknown. */
        Long lag() {
            return end == null ? null : Math.max(0, end - next);
        }
    }

    private KafkaSourceStatus() {
    }

    /**
     * The job's state from its copies': FAILED when one failed, RUNNING while one runs, COMPLETED when all did,
     * NOT_STARTED when none started, STOPPED when one's runner is gone without a clean stop, else INTERRUPTED.
     */
    static String combined(List<PartitionCopy> copies) {
        List<String> statuses = copies.stream().map(PartitionCopy::status).toList();
        if (statuses.contains("FAILED")) {
            return "FAILED";
        }
        if (statuses.contains("RUNNING") || statuses.contains("STARTING")) {
            return "RUNNING";
        }
        if (statuses.stream().allMatch("COMPLETED"::equals)) {
            return "COMPLETED";
        }
        if (statuses.stream().allMatch("NOT_STARTED"::equals)) {
            return "NOT_STARTED";
        }
        return statuses.contains("STOPPED") ? "STOPPED" : "INTERRUPTED";
    }

    /**
     * Prints {@code view} (the job's own lines) with the job's state, totals and copies added, as a table or JSON.
     *
     * @param sourceProblem why the source's end offsets are unknown; null when they were read
     */
    static void print(PrintWriter out, Map<String, Object> view, List<PartitionCopy> copies, String sourceProblem,
                      boolean json) throws JsonProcessingException {
        view.put("status", combined(copies));
        view.put("partitions_completed", copies.stream().filter(c -> c.status().equals("COMPLETED")).count()
                + " of " + copies.size());
        view.put("records_copied", copies.stream().mapToLong(PartitionCopy::records).sum());
        if (sourceProblem == null) {
            view.put("source_lag", copies.stream().mapToLong(PartitionCopy::lag).sum());
        } else {
            view.put("source_lag", "unknown: " + sourceProblem);
        }
        if (json) {
            view.put("partitions", copies.stream().map(KafkaSourceStatus::asMap).toList());
            out.println(JSON.writeValueAsString(view));
            return;
        }
        view.forEach((k, v) -> out.printf(Locale.ROOT, "%-32s %s%n", k, v));
        out.printf(Locale.ROOT, "%n%-9s %-24s %-12s %14s %14s %14s %12s%n", "partition", "job_id", "status", "records",
                "next_offset", "end_offset", "lag");
        for (PartitionCopy c : copies) {
            out.printf(Locale.ROOT, "%-9d %-24s %-12s %,14d %,14d %14s %12s%n", c.partition(), c.jobId(), c.status(),
                    c.records(), c.next(), c.end() == null ? "-" : String.format(Locale.ROOT, "%,d", c.end()),
                    c.lag() == null ? "-" : String.format(Locale.ROOT, "%,d", c.lag()));
        }
    }

    private static Map<String, Object> asMap(PartitionCopy c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("partition", c.partition());
        m.put("job_id", c.jobId());
        m.put("status", c.status());
        m.put("records", c.records());
        m.put("next_offset", c.next());
        m.put("pinned_end_offset", c.pinnedEnd());
        m.put("end_offset", c.end());
        m.put("lag", c.lag());
        return m;
    }
}
