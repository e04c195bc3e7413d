package com.csvtokafka.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.position.Shard;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The job spec a checkpoint stores: written as one JSON object, and read back from it and from earlier releases' lines. */
class JobSpecTest {
    /** A keyed job's spec exactly as earlier releases stored it (flag lines, spec 1). */
    private static final String STORED_KEYED = """
            --source=s3://exports/orders/
            --include=*.csv
            --topic=orders
            --partition=0
            --format=csv
            --key=column:customer
            --schema=
            --schema-registry=
            --columns=
            --rename=
            --timestamp=
            --null-value=
            --timestamp-format=
            --headers=row
            --header-column=customer:cust
            --header=true
            --delimiter=;
            --quote="
            --encoding=UTF-8
            --partitions=0-3,8
            --lanes=2
            --shard=
            """;

    private static JobConfig.Builder keyed() {
        return JobConfig.builder().sourceUri("s3://exports/orders/").include("*.csv").topic("orders").jobId("orders-1")
                .format(JobConfig.Format.CSV).key(JobConfig.KeyMode.parse("column:customer"))
                .dialect(CsvDialect.of(';', '"', StandardCharsets.UTF_8, true))
                .partitions(PartitionList.parse("0-3,8")).lanes(2)
                .shape(RecordShape.NONE.withHeaderColumns(HeaderColumn.parseAll(List.of("customer:cust"))));
    }

    /** The same job as this release stores it. */
    private static final String STORED_KEYED_JSON = "{\"spec\":2,\"source\":\"s3://exports/orders/\",\"include\":\"*.csv\","
            + "\"topic\":\"orders\",\"partition\":0,\"format\":\"csv\",\"key\":\"column:customer\",\"schema\":null,"
            + "\"schema-registry\":null,\"columns\":null,\"rename\":null,\"timestamp\":null,\"null-value\":null,"
            + "\"timestamp-format\":null,\"headers\":\"row\",\"header-column\":\"customer:cust\",\"header\":true,"
            + "\"delimiter\":\";\",\"quote\":\"\\\"\",\"encoding\":\"UTF-8\",\"partitions\":\"0-3,8\",\"lanes\":2,"
            + "\"shard\":null}";

    @Test
    void aJobIsWrittenDownAsOneJsonObjectOfNamedSettings() {
        assertThat(JobSpec.of(keyed().build()).text()).isEqualTo(STORED_KEYED_JSON);
    }

    @Test
    void aSpecStoredByAnEarlierReleaseReadsAsTheSameSettings() {
        JobSpec earlier = JobSpec.read(STORED_KEYED);

        assertThat(earlier.text()).isEqualTo(STORED_KEYED_JSON);
        assertThat(earlier.differences(JobSpec.read(STORED_KEYED_JSON), Set.of())).isEmpty();
        assertThat(JobSpec.read(STORED_KEYED_JSON).differences(earlier, Set.of())).isEmpty();
    }

    @Test
    void aStoredKeyedSpecReadsBackItsPartitionsLanesAndKey() {
        for (String stored : List.of(STORED_KEYED, STORED_KEYED_JSON)) {
            JobSpec spec = JobSpec.read(stored);

            assertThat(spec.keyed()).hasValue(new JobSpec.Keyed(PartitionList.parse("0-3,8"), 2, "column:customer"));
            assertThat(spec.lanes()).hasValue(2);
            assertThat(spec.differences(JobSpec.of(keyed().build()), Set.of())).isEmpty();
        }
    }

    @Test
    void jobsOfOnePartitionAndShardsAreNotKeyedAndHaveNoLaneCount() {
        JobConfig single = JobConfig.builder().sourceUri("a.csv").topic("t").jobId("j").build();
        JobConfig shard = single.toBuilder().partitions(PartitionList.parse("all")).shard(Shard.parse("1/4")).build();

        for (JobConfig config : List.of(single, shard)) {
            JobSpec spec = JobSpec.read(JobSpec.of(config).text());
            assertThat(spec.keyed()).as(config.toString()).isEmpty();
            assertThat(spec.lanes()).as(config.toString()).isEmpty();
        }
    }

    @Test
    void whatDiffersIsNamedByFlagWithCharactersQuotedAndAbsentValuesSaidSo() {
        JobConfig other = keyed().topic("orders-v2").dialect(CsvDialect.of('\t', '"', StandardCharsets.UTF_8, true))
                .include("").build();

        assertThat(JobSpec.read(STORED_KEYED).differences(JobSpec.of(other), Set.of())).containsExactly(
                "--include was *.csv, now (none)", "--topic was orders, now orders-v2", "--delimiter was ';', now tab");
        assertThat(JobSpec.read(STORED_KEYED).differences(JobSpec.of(other), JobSpec.READING))
                .containsExactly("--include was *.csv, now (none)", "--topic was orders, now orders-v2");
    }

    @Test
    void settingsAnOlderSpecDidNotRecordAreNotCompared() {
        String older = """
                --source=s3://exports/orders/
                --topic=orders
                --partition=0
                --format=json
                --key=none
                """;
        JobConfig now = keyed().format(JobConfig.Format.JSON).key(JobConfig.KeyMode.parse("column:customer")).build();

        assertThat(JobSpec.read(older).differences(JobSpec.of(now), Set.of()))
                .containsExactly("--key was none, now column:customer");
        assertThat(JobSpec.read(older).keyed()).isEmpty();
    }

    @Test
    void valuesWithLineBreaksBackslashesAndQuotesReadBackTheSame() {
        JobConfig odd = keyed().include("a\\b\nc\r\"{}").build();
        String text = JobSpec.of(odd).text();

        assertThat(text.lines()).hasSize(1);
        assertThat(JobSpec.read(text).text()).isEqualTo(text);
        assertThat(JobSpec.read(text).differences(JobSpec.of(keyed().include("a\\b\nc").build()), Set.of()))
                .containsExactly("--include was a\\b\nc\r\"{}, now a\\b\nc");
    }

    @Test
    void aValueWithLineBreaksStoredByAnEarlierReleaseReadsBackUnescaped() {
        String older = "--source=a.csv\n--include=a\\\\b\\nc\\r\n--topic=t\n";

        assertThat(JobSpec.read(older).differences(JobSpec.of(keyed().include("a\\b\nc").build()), Set.of()))
                .contains("--include was a\\b\nc\r, now a\\b\nc");
    }
}
