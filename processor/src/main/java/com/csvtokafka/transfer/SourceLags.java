package com.csvtokafka.transfer;

import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.JobListener;
import com.csvtokafka.source.KafkaRecords;
import com.csvtokafka.source.KafkaSourceUri;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lag of each partition copy of a Kafka-source job (docs/architecture.md, "Kafka source"), as {@code source_lag}
 * events: every few seconds from the partition's reading thread, and once when its copy stops, from where it
 * committed (the next run resumes there) against the partition's end offset as last seen.
 */
final class SourceLags implements KafkaRecords.LagListener {
    private final KafkaSourceUri uri;
    private final JobListener events;
    /** Each partition's end offset as last seen. */
    private final Map<Integer, Long> ends = new ConcurrentHashMap<>();

    SourceLags(KafkaSourceUri uri, JobListener events) {
        this.uri = uri;
        this.events = events;
    }

    @Override
    public void lag(int partition, long next, long end) {
        ends.put(partition, end);
        events.on(new JobEvent.SourceLag(uri.partitionUri(partition), partition, next, end));
    }

    /** The listener of partition {@code partition}'s copy: its events, and after its stop, its lag there. */
    JobListener of(int partition) {
        return event -> {
            events.on(event);
            Long end = ends.get(partition);
            if (event instanceof JobEvent.Stopped stopped && stopped.at() != null && end != null) {
                long next = stopped.at().offset();
                lag(partition, next, Math.max(end, next));
            }
        };
    }
}
