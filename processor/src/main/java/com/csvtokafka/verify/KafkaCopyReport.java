package com.csvtokafka.verify;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code verify --source kafka://…} found: per source partition, the records on each side, whether their
 * ordered digests are equal, and the first diverging source offset with what differs there. {@code mapping} says how
 * the copy was compared: {@code partition} (source partition p against target partition p, in order) or {@code key}
 * (a copy remapped by key, matched by its provenance headers).
 */
public record KafkaCopyReport(String mapping, List<PartitionResult> partitions) {

    /**
     * The first place where source partition {@code partition} and its copy part.
     *
     * @param sourceOffset the first diverging source offset; null when only records past the source's end differ
     * @param what         any of key, value, headers, timestamp (the record differs), or one of missing, extra,
     *                     duplicate, order
     */
    public record Divergence(Long sourceOffset, List<String> what, String message) {
    }

    /**
     * One source partition against its copy.
     *
     * @param matched the source's first records that the copy holds exactly, in order, before any difference
     */
    public record PartitionResult(int partition, long sourceRecords, long targetRecords, long matched,
                                  String sourceSha256, String targetSha256, Divergence first) {
        public boolean equal() {
            return first == null && sourceSha256.equals(targetSha256);
        }

        /** The copy is the source's first records and nothing else: what a job still copying has committed. */
        boolean prefix() {
            return targetRecords == matched && (first == null || first.what().equals(List.of("missing")));
        }
    }

    public boolean ok() {
        return partitions.stream().allMatch(PartitionResult::equal);
    }

    /** OK; INCOMPLETE while a job is copying and every partition's copy is a prefix of its source; else MISMATCH. */
    public String verdict(boolean running) {
        if (ok()) {
            return "OK";
        }
        return running && partitions.stream().allMatch(PartitionResult::prefix) ? "INCOMPLETE" : "MISMATCH";
    }

    /** The report for machines, its names in snake_case as in file verify's {@code --json}. */
    public Map<String, Object> view(String checked, String verdict) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("verdict", verdict);
        v.put("ok", ok());
        v.put("checked", checked);
        v.put("mapping", mapping);
        v.put("source_records", partitions.stream().mapToLong(PartitionResult::sourceRecords).sum());
        v.put("target_records", partitions.stream().mapToLong(PartitionResult::targetRecords).sum());
        List<Map<String, Object>> each = new ArrayList<>();
        for (PartitionResult p : partitions) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("partition", p.partition());
            e.put("source_records", p.sourceRecords());
            e.put("target_records", p.targetRecords());
            e.put("digest_equal", p.sourceSha256().equals(p.targetSha256()));
            e.put("source_sha256", p.sourceSha256());
            e.put("target_sha256", p.targetSha256());
            if (p.first() != null) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("source_offset", p.first().sourceOffset());
                d.put("what", p.first().what());
                d.put("message", p.first().message());
                e.put("first_divergence", d);
            }
            each.add(e);
        }
        v.put("partitions", each);
        v.put("problems", partitions.stream().filter(p -> p.first() != null).map(KafkaCopyReport::problem).toList());
        return v;
    }

    /** The report for people: a line per partition, then the first divergence of each that differs. */
    public void print(PrintWriter out, String checked) {
        out.println("checked             " + checked + (mapping.equals("key")
                ? " (remapped by key: each source partition's records found by their src.partition/src.offset)"
                : " (source partition p against target partition p)"));
        out.println("partition   source records   target records   digests");
        for (PartitionResult p : partitions) {
            out.printf(Locale.ROOT, "%9d   %,14d   %,14d   %s%n", p.partition(), p.sourceRecords(), p.targetRecords(),
                    p.sourceSha256().equals(p.targetSha256()) ? "equal" : "DIFFERENT");
        }
        partitions.stream().filter(p -> p.first() != null).forEach(p -> out.println("  - " + problem(p)));
    }

    private static String problem(PartitionResult p) {
        return "partition " + p.partition() + ": " + p.first().message();
    }
}
