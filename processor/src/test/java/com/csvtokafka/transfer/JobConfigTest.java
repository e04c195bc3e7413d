package com.csvtokafka.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.compress.Compression;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.position.Shard;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Job settings built by name: the command line's defaults, changes by name, one validation. */
class JobConfigTest {
    private static JobConfig.Builder job() {
        return JobConfig.builder().sourceUri("a.csv").topic("orders").jobId("job-1");
    }

    @Test
    void unsetSettingsTakeTheCommandLinesDefaults() {
        JobConfig config = job().build();

        assertThat(config.partition()).isZero();
        assertThat(config.format()).isEqualTo(JobConfig.Format.JSON);
        assertThat(config.key().kind()).isEqualTo(JobConfig.KeyMode.Kind.NONE);
        assertThat(config.headers()).isEqualTo(JobConfig.HeadersMode.ROW);
        assertThat(config.dialect()).isEqualTo(CsvDialect.RFC4180);
        assertThat(config.onBadRow().kind()).isEqualTo(JobConfig.BadRowPolicy.Kind.FAIL);
        assertThat(config.createTopic()).isFalse();
        assertThat(config.transactionMaxRows()).isEqualTo(1_000_000);
        assertThat(config.transactionMaxTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.leaseTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.leaseWait()).isEqualTo(Duration.ZERO);
        assertThat(config.progressInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.maxRowBytes()).isEqualTo(67_108_864);
        assertThat(config.maxRowsPerSecond()).isZero();
        assertThat(config.failOnEmpty()).isFalse();
        assertThat(config.allowHeaderMismatch()).isFalse();
        assertThat(config.include()).isEmpty();
        assertThat(config.compression()).isEqualTo(Compression.AUTO);
        assertThat(config.partitions()).isNull();
        assertThat(config.lanes()).isZero();
        assertThat(config.shard()).isNull();
        assertThat(config.shape()).isEqualTo(RecordShape.NONE);
        assertThat(config.keyed()).isFalse();
    }

    @Test
    void aCopyChangesOnlyWhatItNames() {
        JobConfig keyed = job().key(JobConfig.KeyMode.parse("column:id")).partitions(PartitionList.parse("all"))
                .transactionMaxRows(10).build();

        JobConfig fixed = keyed.with(PartitionList.parse("0-2"), 3);
        assertThat(fixed).isEqualTo(keyed.toBuilder().partitions(PartitionList.parse("0-2")).lanes(3).build());
        assertThat(fixed.transactionMaxRows()).isEqualTo(10);
        assertThat(fixed.key()).isEqualTo(keyed.key());
        assertThat(keyed.forShard("job-1.2", 5)).isEqualTo(keyed.toBuilder().jobId("job-1.2").partition(5).build());
        assertThat(keyed.toBuilder().build()).isEqualTo(keyed);
    }

    @Test
    void badCombinationsAreRefusedWithTheMessagesUsersSee() {
        assertThatThrownBy(() -> job().lanes(2).build())
                .hasMessage("--lanes needs keyed mode (--partitions all|LIST with --key column:NAME)");
        assertThatThrownBy(() -> job().onBadRow(JobConfig.BadRowPolicy.parse("dlq:orders")).build())
                .hasMessage("the dead-letter topic must differ from --topic");
        assertThatThrownBy(() -> job().format(JobConfig.Format.AVRO).build())
                .hasMessageStartingWith("--format avro needs --schema FILE.avsc");
        assertThatThrownBy(() -> job().partitions(PartitionList.parse("all")).build())
                .hasMessageStartingWith("--partitions spreads rows over partitions by their key");
        assertThatThrownBy(() -> job().jobId("a b").build()).hasMessageStartingWith("--job-id must be 1-200 characters");
        // a shard's --partitions spreads its shares, not keys: no key needed
        assertThat(job().partitions(PartitionList.parse("all")).shard(Shard.parse("0/2")).build().keyed()).isFalse();
        // a Kafka source's records bring their own keys: --partitions alone remaps by them
        assertThat(job().sourceUri("kafka://localhost:9092/orders").partitions(PartitionList.parse("all")).build()
                .keyed()).isTrue();
    }
}
