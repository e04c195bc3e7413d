package com.csvtokafka.shard;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.position.ByteRange;
import com.csvtokafka.position.Position;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.SourceInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShardPlanTest {

    @Test
    void largestInputsGoFirstToTheLeastLoadedShardTiesByIndex() {
        int[] shardOf = ShardPlan.assign(new long[] {10, 50, 30, 30, 5, 50}, 3);
        // by size: #1 -> 0, #5 -> 1 (tie by index), #2 -> 2, #3 -> 2 (30 < 50), #0 -> 0 (tie by shard), #4 -> 1
        assertThat(shardOf).containsExactly(0, 0, 2, 2, 1, 1);
    }

    @Test
    void assignmentIsDeterministicAndBalanced() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            int files = 1 + random.nextInt(60);
            int count = 1 + random.nextInt(9);
            long[] sizes = new long[files];
            for (int i = 0; i < files; i++) {
                sizes[i] = random.nextInt(4) == 0 ? random.nextInt(1_000_000) : random.nextInt(1000);
            }
            int[] shardOf = ShardPlan.assign(sizes, count);
            assertThat(ShardPlan.assign(sizes.clone(), count)).isEqualTo(shardOf);
            long[] load = new long[count];
            for (int i = 0; i < files; i++) {
                assertThat(shardOf[i]).isBetween(0, count - 1);
                load[shardOf[i]] += sizes[i];
            }
            long total = Arrays.stream(sizes).sum();
            long largest = Arrays.stream(sizes).max().orElse(0);
            // greedy largest-first: no shard exceeds the average by more than one input
            for (long l : load) {
                assertThat(l).isLessThanOrEqualTo(total / count + largest);
            }
        }
    }

    @Test
    void aSetSharesWholeFilesInSetOrderAndShardsBeyondTheFilesAreEmpty() {
        InputSet set = set(300, 100, 200);
        ShardPlan plan = new ShardPlan(4, set, List.of());
        assertThat(uris(plan.share(0, true).inputs())).containsExactly("s3://b/p/f0.csv");
        assertThat(uris(plan.share(1, true).inputs())).containsExactly("s3://b/p/f2.csv");
        assertThat(uris(plan.share(2, true).inputs())).containsExactly("s3://b/p/f1.csv");
        assertThat(plan.share(3, true).inputs().size()).isZero();
        assertThat(plan.share(3, true).inputs().isSet()).isTrue();
        assertThat(plan.share(0, true).range()).isNull();
        ShardPlan two = new ShardPlan(2, set(100, 100, 100, 100, 50), List.of());
        // f0->0, f1->1, f2->0, f3->1, f4->0: each shard's files in set order
        assertThat(uris(two.share(0, true).inputs())).containsExactly("s3://b/p/f0.csv", "s3://b/p/f2.csv", "s3://b/p/f4.csv");
        assertThat(uris(two.share(1, true).inputs())).containsExactly("s3://b/p/f1.csv", "s3://b/p/f3.csv");
    }

    @Test
    void aOneFilePlanGivesEachShardItsByteRange() {
        InputSet file = InputSet.single(new SourceInfo("s3://b/big.csv", 1000, "etag=\"x\""));
        List<Position> splits = List.of(new Position(0, 300, 31, 0, 0, Position.Seek.plain(300)),
                new Position(0, 610, 60, 0, 0, Position.Seek.plain(610)));
        ShardPlan plan = new ShardPlan(3, file, splits);
        assertThat(plan.share(0, true).range()).isEqualTo(new ByteRange(Position.start(true), 300));
        assertThat(plan.share(0, false).range().start().row()).isEqualTo(1);
        assertThat(plan.share(1, true).range()).isEqualTo(new ByteRange(splits.get(0), 610));
        assertThat(plan.share(2, true).range()).isEqualTo(new ByteRange(splits.get(1), ByteRange.TO_THE_END));
        assertThat(plan.share(2, true).inputs().isSet()).isFalse();
    }

    @Test
    void theRecordedPlanReadsBackTheSame() {
        InputSet file = InputSet.single(new SourceInfo("file:///data/big file.csv.gz", 1000, "size=1000;mtime=5"));
        ShardPlan ranges = new ShardPlan(3, file, List.of(new Position(0, 300, 31, 0, 0, new Position.Seek(120, 250)),
                new Position(0, 610, 60, 0, 0, new Position.Seek(500, 600))));
        ShardPlan decoded = ShardPlan.decode(ranges.encode());
        assertThat(decoded.count()).isEqualTo(3);
        assertThat(decoded.splits()).isEqualTo(ranges.splits());
        assertThat(decoded.inputs().encode()).isEqualTo(file.encode());
        assertThat(decoded.inputs().isSet()).isFalse();

        ShardPlan files = new ShardPlan(4, set(5, 6, 7), List.of());
        ShardPlan back = ShardPlan.decode(files.encode());
        assertThat(back.inputs().digest()).isEqualTo(files.inputs().digest());
        assertThat(back.inputs().uri()).isEqualTo("s3://b/p/");
        assertThat(ShardPlan.isPlan(files.encode())).isTrue();
        assertThat(ShardPlan.isPlan(files.inputs().encode())).isFalse();
    }

    private static InputSet set(long... sizes) {
        List<SourceInfo> inputs = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            inputs.add(new SourceInfo("s3://b/p/f" + i + ".csv", sizes[i], "etag=\"" + i + "\""));
        }
        return new InputSet("s3://b/p/", inputs);
    }

    private static List<String> uris(InputSet set) {
        return set.inputs().stream().map(SourceInfo::uri).toList();
    }
}
