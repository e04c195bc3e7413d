package com.csvtokafka.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.events.JobListener;
import com.csvtokafka.position.Position;
import com.csvtokafka.source.RecordBatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** A lane's position where one input ends and the next begins (docs/architecture.md, "Lanes"). */
class LaneCoreTest {

    /** Lane 0 of two, resumed at offset 5 of input 0; target partition 0 is lane 1's: this lane sees records go by. */
    private static LaneCore bystander() {
        JobConfig config = JobConfig.builder().sourceUri("kafka://localhost:9092/orders").topic("copy").jobId("j")
                .build();
        TransactionWriter writer = new TransactionWriter(new MockProducer<>(), new TopicLimits(1 << 20, 1 << 20,
                2 << 20), 1);
        return new LaneCore(0, false, config, writer, JobListener.NONE, new int[] {1}, new int[] {0},
                Position.plain(0, 5, 6, 0, 0));
    }

    /**
     * A lane that saw the last records of an input, none of them its own, has committed through the next input's
     * start as the record source gives it: for a Kafka source partition whose log starts at offset 40, offset 40 and
     * record number 41 — not offset 0, where a resume would find records gone (a gap).
     */
    @Test
    void pastAnInputsLastRecordsALaneStandsAtTheNextInputsStart() throws Exception {
        LaneCore lane = bystander();
        RecordBatch batch = new RecordBatch();
        batch.add(6, 5, 6, new ProducerRecord<>("copy", 0, null, new byte[] {1}), null, null);
        batch.add(7, 6, 9, new ProducerRecord<>("copy", 0, null, new byte[] {2}), null, null);
        Position nextInput = Position.plain(1, 40, 41, 0, 0);

        lane.handle(new LaneCore.Part(batch, 0, 2, 0, "kafka://localhost:9092/orders#0", null, null, nextInput, null,
                new AtomicInteger(1)));

        assertThat(lane.committedThrough()).isEqualTo(nextInput);
    }

    @Test
    void withinAnInputALaneStandsWhereTheRecordAfterTheLastOneStarts() throws Exception {
        LaneCore lane = bystander();
        RecordBatch batch = new RecordBatch();
        batch.add(6, 5, 9, new ProducerRecord<>("copy", 0, null, new byte[] {1}), null, null);

        lane.handle(new LaneCore.Part(batch, 0, 1, 0, "kafka://localhost:9092/orders#0", null, null, null, null,
                new AtomicInteger(1)));

        assertThat(lane.committedThrough()).isEqualTo(Position.plain(0, 9, 7, 0, 0));
    }
}
