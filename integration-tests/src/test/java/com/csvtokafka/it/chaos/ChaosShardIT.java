package com.csvtokafka.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.it.CsvData;
import com.csvtokafka.it.Processor;
import com.csvtokafka.it.SharedStack;
import com.csvtokafka.it.Topic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario: four shards of one S3 file ({@code --shard I/4}, four processes at once), {@code kill -9} of a random
 * live shard at random moments — during JVM start and the planning pass, waiting for the plan, mid-transaction —
 * restarting it each time. Partitions 0-3 read one after the other must be the file's rows, once each, in order.
 * {@code -Dchaos.kills=N} (default 6, at most 30 a round) and {@code -Dchaos.rounds=N} make it longer.
 */
class ChaosShardIT {
    private static final int SHARDS = 4;
    private static final int RATE = 10_000;

    @TempDir
    Path dir;

    @Test
    void killNineOfRandomShardsLosesDuplicatesReordersNothing() throws Exception {
        int kills = Math.min(30, ChaosResults.intProperty("chaos.kills", 6));
        ChaosRounds.run("chaos-shard", (name, seed) -> round(name, kills, seed));
    }

    private void round(String name, int kills, long seed) throws Exception {
        Random random = new Random(seed);
        // enough rows that no shard can finish before the last kill at four shards' combined rate
        CsvData data = CsvData.generate(Math.max(160_000, kills * SHARDS * RATE), seed);
        Map<String, String> env = SharedStack.environment();
        SharedStack.get().s3().createBucket("chaos");
        SharedStack.get().s3().putObject("chaos", name + ".csv", data.write(dir, name + ".csv"));
        SharedStack.get().kafka().createTopic(name, SHARDS);
        Path checkpoints = dir.resolve("checkpoints");
        Processor[] shards = new Processor[SHARDS];
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = start(name, i, checkpoints, env);
        }
        Faults faults = new Faults();
        for (int k = 0; k < kills; k++) {
            // the first kill often lands in JVM start or the planning pass; later ones anywhere
            Thread.sleep(k == 0 && random.nextBoolean() ? random.nextInt(400) : 200 + random.nextInt(1200));
            List<Integer> alive = new ArrayList<>();
            for (int i = 0; i < SHARDS; i++) {
                if (shards[i].alive()) {
                    alive.add(i);
                }
            }
            if (alive.isEmpty()) {
                break;
            }
            int victim = alive.get(random.nextInt(alive.size()));
            shards[victim].kill9();
            faults.injected(System.nanoTime(), 0, "shard-" + victim);
            shards[victim] = start(name, victim, checkpoints, env);
        }
        boolean finished = true;
        for (int i = 0; i < SHARDS; i++) {
            Processor.Result r = shards[i].await(240);
            finished &= r.exitCode() == 0;
            assertThat(r.exitCode()).as("shard %d: %s", i, r.output()).isZero();
        }
        List<Topic.Rec> records = new ArrayList<>();
        for (int partition = 0; partition < SHARDS; partition++) {
            records.addAll(Topic.readCommitted(name, partition));
        }
        Checker.Verdict verdict = Checker.check(records, data.rows, List.of(), Optional.empty(), finished, null);
        ChaosResults.record("kill-9-shards", faults.count(), verdict, 0);
        assertThat(verdict.clean()).as(verdict.summary()).isTrue();
        assertThat(faults.count()).isGreaterThanOrEqualTo(Math.min(kills, 1));
    }

    private Processor start(String name, int shard, Path checkpoints, Map<String, String> env) throws Exception {
        return Processor.start(dir, env, "run", "--source", "s3://chaos/" + name + ".csv", "--topic", name,
                "--job-id", name, "--shard", shard + "/" + SHARDS, "--format", "csv", "--bootstrap-servers",
                SharedStack.bootstrap(), "--s3-endpoint", env.get("S3_ENDPOINT"), "--checkpoint-dir",
                checkpoints.toString(), "--transaction-rows", "500", "--max-rows-per-second", Integer.toString(RATE),
                "--lease-wait-seconds", "60");
    }
}
