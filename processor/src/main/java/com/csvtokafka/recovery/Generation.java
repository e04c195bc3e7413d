package com.csvtokafka.recovery;

import com.csvtokafka.position.Anchor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which start of a job recovery continues (docs/architecture.md, "Generations"). {@code reset} starts a job over as
 * a new generation, recorded in the checkpoint store; its anchors carry it ({@code csv.gen}), so recovery ignores
 * the anchors earlier generations left in the topic and the job sends everything again from its first row.
 *
 * <p>Why the tail read needs no deeper search: a generation only begins after {@code reset}, which is refused while
 * a runner holds the lease, and its first producer fences every earlier one; so every record of a generation lies
 * after every committed record of the older ones in each partition. The job's newest anchor in a partition, of any
 * generation, therefore says it all: of the current generation, recovery resumes there; of an older one, the
 * current generation has committed nothing in that partition yet.
 *
 * @param value   the generation this run continues and writes
 * @param anchors each partition's newest anchor of that generation, in the order given
 */
public record Generation(long value, List<Optional<Anchor>> anchors) {
    /** What the checkpoint store says when it has no generation: a job never reset, or recorded by earlier releases. */
    public static final long UNKNOWN = -1;

    /**
     * @param recorded the generation in the checkpoint store, or {@link #UNKNOWN}: then the newest generation Kafka
     *                 holds is the job's (a job whose store was lost resumes from Kafka, as before)
     * @param tails    each partition's newest anchor of the job, of any generation
     */
    public static Generation choose(String jobId, long recorded, List<Optional<Anchor>> tails) throws RecoveryException {
        long newest = newest(tails);
        long value = recorded == UNKNOWN ? newest : recorded;
        if (newest > value) {
            throw new RecoveryException("the topic holds records of job " + jobId + " written after it was reset at "
                    + describe(newest) + ", but the checkpoint store's job is " + (value == 0 ? "from before that reset"
                    : "the one reset at " + describe(value)) + ": the checkpoint store is older than the topic "
                    + "(restored from a backup, or another store?); pass the checkpoint store the job ran with, or "
                    + "`reset` the job to start it over from its first row");
        }
        return new Generation(value, tails.stream().map(a -> a.filter(x -> x.generation() == value)).toList());
    }

    /** The newest generation's anchors only, for a view of what Kafka holds (status). */
    public static List<Optional<Anchor>> latest(List<Optional<Anchor>> tails) {
        long newest = newest(tails);
        return tails.stream().map(a -> a.filter(x -> x.generation() == newest)).toList();
    }

    /** The one partition's anchor of a single-partition job. */
    public Optional<Anchor> anchor() {
        return anchors.get(0);
    }

    /** How a generation reads in messages: when its reset happened (a generation is its reset's epoch millis). */
    public static String describe(long generation) {
        return generation == 0 ? "the first start" : Instant.ofEpochMilli(generation).toString();
    }

    private static long newest(List<Optional<Anchor>> tails) {
        return tails.stream().flatMap(Optional::stream).mapToLong(Anchor::generation).max().orElse(0);
    }
}
