package com.csvtokafka.recovery;

import com.csvtokafka.events.Plural;

/**
 * The ways out of a refused rerun, worded once so that every refusal offers only what works: a new job id, or
 * {@code reset}, which starts the job over as a new generation (see {@link Generation}) while the records the job
 * sent before stay in the topic.
 */
public final class StartOver {
    private StartOver() {
    }

    /**
     * @param sent  records the job committed before (from its checkpoint or Kafka's anchor); 0 when none or unknown
     * @param topic where they are, or null when unknown
     */
    public static String hint(String jobId, long sent, String topic) {
        String kept = sent <= 0 ? "" : "; the " + records(sent) + " it sent stay in " + (topic == null ? "the topic"
                : "topic " + topic) + ", which will then hold both the earlier and the new rows (use a new --topic "
                + "as well for the new rows alone)";
        return "use a new --job-id for this transfer, or run `csv-to-kafka reset --job-id " + jobId + "` (with this "
                + "run's checkpoint options) and run again: the job then starts over from its first row" + kept;
    }

    /** {@code 1 record}, {@code 2 records}. */
    public static String records(long n) {
        return Plural.of(n, "record");
    }
}
