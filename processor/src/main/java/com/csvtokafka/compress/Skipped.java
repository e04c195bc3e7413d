package com.csvtokafka.compress;

import java.time.Duration;

/**
 * What reaching a resume offset cost: how many decoded bytes were decoded and dropped, and how long that took.
 * Zero for uncompressed input (it seeks) and for a resume at a member/frame boundary.
 */
public record Skipped(long bytes, Duration took) {
    public static final Skipped NOTHING = new Skipped(0, Duration.ZERO);
}
