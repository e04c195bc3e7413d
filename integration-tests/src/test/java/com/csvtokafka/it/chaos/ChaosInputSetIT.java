package com.csvtokafka.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.it.CsvData;
import com.csvtokafka.it.Processor;
import com.csvtokafka.it.SharedStack;
import com.csvtokafka.it.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prefix of compressed part files — gzip of one member, gzip of many members (as bgzip and pigz write) — killed
 * with {@code kill -9} at random moments: anywhere, right after a commit, and right after the job opened its next
 * file. Every row of every file must reach the topic once, in order, numbered within its file.
 * {@code -Dchaos.kills=N} (default 12; at most 50 a round: each round moves its 8 files through at most 50 lives, so
 * that every kind of moment meets every file), {@code -Dchaos.rounds=N}, {@code -Dchaos.seed} as in the other
 * scenarios.
 */
class ChaosInputSetIT {
    private static final int RATE = 20_000;
    private static final int PARTS = 8;
    private static final String[] MOMENTS = {"any", "after-commit", "next-file"};

    @TempDir
    Path dir;

    @Test
    void killNineAcrossCompressedPartFilesLosesDuplicatesReordersNothing() throws Exception {
        int kills = Math.min(50, ChaosResults.intProperty("chaos.kills", 12));
        ChaosRounds.run("chaos-set", (name, seed) -> round(name, kills, seed));
    }

    private void round(String name, int kills, long seed) throws Exception {
        Random random = new Random(seed);
        CsvData data = CsvData.generate(Math.max(kills, 4) * RATE, seed);
        // the rows of each part, and where each part's rows start in the whole
        int per = data.rows.size() / PARTS;
        Map<String, Integer> partStart = new HashMap<>();
        long[] rowInFile = new long[data.rows.size()];
        SharedStack.get().s3().createBucket("chaos-sets");
        for (int p = 0; p < PARTS; p++) {
            int from = p * per;
            int to = p == PARTS - 1 ? data.rows.size() : from + per;
            byte[] csv = CsvData.of(CsvData.HEADER, data.rows.subList(from, to), "\n", true).bytes;
            String key = name + "/part-" + p + ".csv.gz";
            Path file = Files.write(dir.resolve("part-" + p + ".csv.gz"),
                    CsvData.gzipMembers(csv, p % 2 == 0 ? 1 : 1 + random.nextInt(20)));
            SharedStack.get().s3().putObject("chaos-sets", key, file);
            partStart.put("s3://chaos-sets/" + key, from);
            for (int i = from; i < to; i++) {
                rowInFile[i] = i - from + 1;
            }
        }
        Map<String, String> env = SharedStack.environment();
        SharedStack.get().kafka().createTopic(name, 1);
        Path checkpoints = dir.resolve("checkpoints");
        CheckpointReader checkpoint = CheckpointReader.directory(checkpoints, name);
        List<String> base = List.of("run", "--source", "s3://chaos-sets/" + name + "/", "--topic", name, "--job-id",
                name, "--format", "csv", "--headers", "all", "--bootstrap-servers", SharedStack.bootstrap(),
                "--s3-endpoint", env.get("S3_ENDPOINT"), "--checkpoint-dir", checkpoints.toString(),
                "--transaction-rows", "700");
        List<String> throttled = new ArrayList<>(base);
        throttled.addAll(List.of("--max-rows-per-second", Integer.toString(RATE)));

        Faults faults = new Faults();
        try (PrefixReader reader = PrefixReader.start(SharedStack.bootstrap(), name, data.rows, checkpoint,
                index -> rowInFile[(int) Math.min(index, rowInFile.length - 1)])) {
            for (int life = 0; faults.count() < kills; life++) {
                Processor p = Processor.start(dir, env, throttled.toArray(String[]::new));
                int moment = random.nextInt(MOMENTS.length);
                boolean reached = switch (moment) {
                    case 0 -> sleep(random.nextInt(2500));
                    case 1 -> {
                        int commits = p.events().named("committed").size();
                        yield p.awaitCondition(() -> p.events().named("committed").size() > commits + 1, 60);
                    }
                    default -> { // just after the job opened a file, while the previous file's rows are uncommitted
                        int opened = p.events().named("input_opened").size();
                        yield p.awaitCondition(() -> p.events().named("input_opened").size() > opened + 1, 60);
                    }
                };
                if (!p.alive()) {
                    assertThat(p.await(5).exitCode()).as("life %d ended on its own (reached %s):\n%s", life, reached,
                            p.output()).isZero();
                    break; // the job finished before this kill
                }
                faults.injected(reader, MOMENTS[moment]);
                p.kill9();
            }
            long finalStart = System.nanoTime();
            Processor.Result last = Processor.run(dir, env, 240, base.toArray(String[]::new));
            long done = System.nanoTime();
            assertThat(last.exitCode()).as(last.output()).isZero();
            assertThat(reader.awaitSeen(data.rows.size(), Duration.ofSeconds(60)))
                    .as("the live reader saw all rows (it saw %d)", reader.seen()).isTrue();
            reader.close();
            // the checker's rows are the whole set's: number each record by its place in it
            List<Topic.Rec> records = new ArrayList<>();
            for (Topic.Rec r : Topic.readCommitted(name, 0)) {
                Integer start = partStart.get(r.headers().get("csv.source"));
                Map<String, String> headers = new HashMap<>(r.headers());
                if (start != null) {
                    headers.put("csv.row", Long.toString(start + Long.parseLong(r.headers().get("csv.row"))));
                } else {
                    headers.remove("csv.row");
                }
                records.add(new Topic.Rec(r.offset(), r.value(), headers, r.key()));
            }
            Checker.Verdict verdict = Checker.check(records, data.rows, reader.samples(), checkpoint.read(), true, reader);
            ChaosResults.record("kill-9 across compressed files", faults.count(), verdict,
                    faults.slowestRecoveryNanos(reader, done));
            assertThat(verdict.clean()).as(verdict.summary()).isTrue();
            System.out.println("final run took " + Duration.ofNanos(done - finalStart).toMillis() + " ms, after "
                    + faults.count() + " kills");
        }
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }
}
