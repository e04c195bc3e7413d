package com.csvtokafka.it.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The moments faults were injected and how much the live reader had seen then, to measure each recovery. */
final class Faults {
    /** {@code reader}: the partition whose growth ends this fault's recovery; null for the scenario's reader. */
    private record Fault(long nanos, long seen, String what, PrefixReader reader) {
    }

    private final List<Fault> faults = new ArrayList<>();

    void injected(PrefixReader reader, String what) {
        injected(System.nanoTime(), reader.seen(), what);
    }

    /**
     * A fault whose recovery is measured on {@code reader}'s partition, whatever reader {@link #slowestRecoveryNanos}
     * is given (a keyed job: the partition of the broker or lane the fault hit).
     */
    void injectedOn(PrefixReader reader, String what) {
        faults.add(new Fault(System.nanoTime(), reader.seen(), what, reader));
    }

    /** A fault at {@code nanos} when the partition held {@code committed} records of the job. */
    void injected(long nanos, long committed, String what) {
        faults.add(new Fault(nanos, committed, what, null));
    }

    int count() {
        return faults.size();
    }

    /**
     * Longest time from a fault until the committed prefix grew again (or the job completed at {@code doneNanos}).
     * A fault followed by the next one before any growth has no recovery of its own: the next fault's counts.
     */
    long slowestRecoveryNanos(PrefixReader reader, long doneNanos) {
        long slowest = 0;
        StringBuilder log = new StringBuilder("recoveries (ms):");
        for (int i = 0; i < faults.size(); i++) {
            Fault f = faults.get(i);
            long until = i + 1 < faults.size() ? faults.get(i + 1).nanos() : doneNanos;
            long recovery = (f.reader() != null ? f.reader() : reader).recoveryNanos(f.nanos(), f.seen(), doneNanos);
            boolean interrupted = i + 1 < faults.size() && f.nanos() + recovery > until;
            log.append(' ').append(f.what()).append('=')
                    .append(interrupted ? "(next fault first)" : TimeUnit.NANOSECONDS.toMillis(recovery));
            if (!interrupted) {
                slowest = Math.max(slowest, recovery);
            }
        }
        System.out.println(log);
        return slowest;
    }
}
