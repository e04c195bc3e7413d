package com.csvtokafka.recovery;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.events.Plural;
import com.csvtokafka.position.Anchor;
import com.csvtokafka.position.ByteRange;
import com.csvtokafka.position.Position;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.RecordSource;
import com.csvtokafka.source.SourceInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides where a run resumes (docs/architecture.md, "Recovery rules"). Kafka's committed tail is the truth: a crash between a commit
 * and the checkpoint write leaves the checkpoint behind, which is normal. A checkpoint ahead of Kafka, or a tail
 * written from another version of the source, means resuming would lose or mix rows, so it is an error.
 */
public final class RecoveryPlanner {
    private RecoveryPlanner() {
    }

    /** A job transfers one version of one file: a checkpoint of another source or version stops it. */
    public static void requireSameSource(String jobId, Optional<Checkpoint> checkpoint, SourceInfo source)
            throws RecoveryException {
        if (checkpoint.isPresent()) {
            Checkpoint c = checkpoint.get();
            if (!source.uri().equals(c.sourceUri()) || !source.version().equals(c.sourceVersion())) {
                throw new RecoveryException("the source changed since the job started: job " + jobId + " started on "
                        + c.sourceUri() + " version "
                        + c.sourceVersion() + ", but the source is now " + source.uri() + " version "
                        + source.version() + ": a job transfers one version of one file\n"
                        + StartOver.hint(jobId, c.totalSent(), c.topic()));
            }
        }
    }

    /**
     * Where a job writing one partition resumes: past the anchor Kafka holds, or at {@code start} when Kafka has
     * nothing of it. A shard of one big file starts at its byte range, never at the file's start, and an anchor
     * outside that range is an error (the range changed since the shard started). An anchor past the end of its
     * input, as {@code records} can tell, is an error too.
     *
     * @param range the shard's byte range, or null for a job that moves its inputs whole
     */
    public static Position plan(String jobId, Optional<Checkpoint> checkpoint, Optional<Anchor> anchor,
                                InputSet inputs, RecordSource records, Position start, ByteRange range)
            throws RecoveryException {
        Position resume = resume(jobId, checkpoint, anchor, inputs, records, start);
        if (range != null && anchor.isPresent() && !range.holds(resume.offset())) {
            throw new RecoveryException("Kafka says shard job " + jobId + " reached " + resume.describe() + ", outside "
                    + "its " + range.describe() + ": the shard plan changed since the shard started; `reset` the job "
                    + "(all its shards) or use a new --job-id");
        }
        return resume;
    }

    private static Position resume(String jobId, Optional<Checkpoint> checkpoint, Optional<Anchor> anchor,
                                   InputSet inputs, RecordSource records, Position start) throws RecoveryException {
        SourceInfo source = inputs.summary();
        requireSameSource(jobId, checkpoint, source);
        if (anchor.isPresent() && inputs.isSet()) {
            Anchor a = anchor.get();
            if (!inputs.digest().equals(a.set())) {
                throw new RecoveryException("the input set changed since the job started: the topic holds records of "
                        + "job " + jobId + " from input set " + (a.set() == null ? a.source() : a.set()) + " (Kafka offset "
                        + a.kafkaOffset() + "), but this job's pinned set of " + inputs.size() + " files under "
                        + inputs.uri() + " is " + inputs.digest() + "\n" + StartOver.hint(jobId, a.next().sent(), null));
            }
            requireNotAhead(jobId, checkpoint, a);
            if (records.pastEnd(a.next())) {
                throw new RecoveryException("Kafka says job " + jobId + " reached " + a.next().describe() + " of "
                        + inputs.describe(a.next().input()) + ", past its end");
            }
            return a.next();
        }
        if (anchor.isPresent()) {
            Anchor a = anchor.get();
            if (!a.source().equals(source.uri()) || !a.version().equals(source.version())) {
                throw new RecoveryException("the source changed since the job started: the topic holds records of "
                        + "job " + jobId + " from " + a.source() + " version " + a.version() + " (Kafka offset "
                        + a.kafkaOffset() + "), but the source is now " + source.uri() + " version "
                        + source.version() + "; a job transfers one version of one file\n"
                        + StartOver.hint(jobId, a.next().sent(), null));
            }
            requireNotAhead(jobId, checkpoint, a);
            if (a.next().input() != inputs.first()) {
                throw new RecoveryException("Kafka says job " + jobId + " reached input " + a.next().input()
                        + " of its input set, but this run moves one file: the job was started on another input set\n"
                        + StartOver.hint(jobId, a.next().sent(), null));
            }
            if (records.pastEnd(a.next())) {
                throw new RecoveryException("Kafka says job " + jobId + " reached byte " + a.next().offset()
                        + ", past the end of the source (" + source.size() + " bytes)");
            }
            return a.next();
        }
        if (checkpoint.isPresent() && checkpoint.get().totalSent() > 0) {
            throw new RecoveryException("the checkpoint of job " + jobId + " says " + Plural.of(checkpoint.get().totalSent(), "record")
                    + " were committed, but the partition holds none of them (topic deleted or "
                    + "recreated, or records expired by retention?): `reset` the job to send everything again, "
                    + "or use a new --job-id");
        }
        return start;
    }

    /**
     * Where each lane of a keyed job resumes (docs/architecture.md, "Keyed mode"): past its last anchor (the newest
     * of its partitions' tails), or past the checkpoint's mark when that is further — the mark is a place every lane
     * had committed through when it was written, so it may lag Kafka but never run ahead of it. A lane's counts
     * are its own (from its anchor): the job's are their sums.
     *
     * @param laneAnchors each lane's newest anchor, if it has one
     * @param start       where a lane without an anchor starts: the job's first input's start
     */
    public static List<Position> planLanes(String jobId, Optional<Checkpoint> checkpoint,
                                           List<Optional<Anchor>> laneAnchors, InputSet inputs, RecordSource records,
                                           Position start) throws RecoveryException {
        requireSameSource(jobId, checkpoint, inputs.summary());
        Optional<Position> mark = checkpoint.map(Checkpoint::position);
        List<Position> lanes = new ArrayList<>();
        long sent = 0;
        for (Optional<Anchor> anchor : laneAnchors) {
            Position own = plan(jobId, Optional.empty(), anchor, inputs, records, start, null);
            Position at = mark.isPresent() && own.before(mark.get()) ? mark.get().withCounts(own.sent(), own.skipped())
                    : own;
            lanes.add(at);
            sent += at.sent();
        }
        if (checkpoint.isPresent() && checkpoint.get().totalSent() > sent) {
            throw new RecoveryException("the checkpoint of job " + jobId + " says " + Plural.of(checkpoint.get().totalSent(), "record")
                    + " were committed, but the job's partitions hold " + sent + " of them: the topic lost "
                    + "records (deleted or recreated?); `reset` the job to send everything again, or use a new --job-id");
        }
        return lanes;
    }

    /** A checkpoint ahead of Kafka: the topic lost records the job committed. */
    private static void requireNotAhead(String jobId, Optional<Checkpoint> checkpoint, Anchor a) throws RecoveryException {
        if (checkpoint.isPresent() && checkpoint.get().totalSent() > a.next().sent()) {
            throw new RecoveryException("the checkpoint of job " + jobId + " says " + Plural.of(checkpoint.get().totalSent(), "record")
                    + " were committed, but Kafka's last committed record of the job is number "
                    + a.next().sent() + " (offset " + a.kafkaOffset() + "): the topic lost records (deleted or "
                    + "recreated?); `reset` the job to send everything again, or use a new --job-id");
        }
    }
}
