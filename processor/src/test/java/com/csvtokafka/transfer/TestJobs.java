package com.csvtokafka.transfer;

import java.time.Duration;

/**
 * Job settings as the engine tests start from: CSV values to {@link MockKafka#TOPIC}, transactions closed by their
 * row count alone (the minute is never reached), no progress line during a test, rows of up to 1 MiB. Each test
 * names what it changes.
 */
final class TestJobs {
    private TestJobs() {
    }

    static JobConfig.Builder job(String sourceUri, String jobId) {
        return JobConfig.builder()
                .sourceUri(sourceUri)
                .topic(MockKafka.TOPIC)
                .jobId(jobId)
                .format(JobConfig.Format.CSV)
                .transactionMaxTime(Duration.ofMinutes(1))
                .progressInterval(Duration.ofMinutes(10))
                .maxRowBytes(1 << 20);
    }
}
