package com.csvtokafka.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.it.CsvData;
import com.csvtokafka.it.Processor;
import com.csvtokafka.it.SharedStack;
import com.csvtokafka.it.Topic;
import com.csvtokafka.localstack.LocalDynamoDb;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Scenario 7, the checkpoint store goes away: DynamoDB Local (one of this class's own, so stopping it leaves the
 * shared one alone) is stopped while a job streams with {@code --checkpoint-table}, for longer than the job's lease
 * (5 s here), and restarted on the same port with the same tables.
 * <ul>
 * <li>The runner keeps streaming: checkpoint writes and lease renewals fail with a warning, Kafka stays the
 * truth; when DynamoDB is back the next checkpoint write succeeds (the lease expired meanwhile but is still ours:
 * writes are conditional on owner and epoch) and the job finishes COMPLETED.</li>
 * <li>Variant: the runner is killed with {@code kill -9} while DynamoDB is down, so the checkpoint is left behind
 * Kafka. A runner started while DynamoDB is still down fails fast and writes nothing; once DynamoDB is back the
 * next runner reconciles from Kafka (resumes after Kafka's last committed row, not the checkpoint's) and
 * finishes. C2 (no duplicate) and C5 (checkpoint never ahead) are the checks that matter here.</li>
 * </ul>
 * {@code -Dchaos.rounds=N} repeats both; {@code -Dchaos.seed} replays a printed seed.
 */
class ChaosDynamoDbIT {
    private static final String TABLE = "chaos-dynamodb-outage";
    private static final int RATE = 5_000;
    private static final int TXN = 1_000;

    @TempDir
    static Path dynamoDir;
    private static LocalDynamoDb dynamo;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDynamoDb() {
        dynamo = LocalDynamoDb.start(dynamoDir);
    }

    @AfterAll
    static void stopDynamoDb() {
        if (dynamo != null) {
            dynamo.close();
        }
    }

    @Test
    void theRunnerKeepsStreamingWhileDynamoDbIsDownAndFinishesWhenItIsBack() throws Exception {
        ChaosRounds.run("chaos-ddb-down", (name, seed) -> outage(name, seed, false));
    }

    @Test
    void aRunnerKilledWhileDynamoDbIsDownIsReconciledFromKafka() throws Exception {
        ChaosRounds.run("chaos-ddb-kill", (name, seed) -> outage(name, seed, true));
    }

    private void outage(String name, long seed, boolean kill) throws Exception {
        Random random = new Random(seed);
        CsvData data = CsvData.generate(kill ? 100_000 : 150_000, seed);
        Path file = data.write(dir, name + ".csv");
        SharedStack.get().kafka().createTopic(name, 1);
        String bootstrap = SharedStack.bootstrap();
        Map<String, String> env = SharedStack.environment();
        List<String> base = List.of("run", "--source", file.toString(), "--topic", name, "--job-id", name,
                "--format", "csv", "--bootstrap-servers", bootstrap, "--checkpoint-table", TABLE, "--create-table",
                "--dynamodb-endpoint", dynamo.endpoint().toString(), "--lease-seconds", "5",
                "--transaction-rows", Integer.toString(TXN));
        String[] throttled = with(base, "--max-rows-per-second", Integer.toString(RATE));
        Faults faults = new Faults();
        boolean down = false;
        try (DynamoDbClient client = sampler(dynamo.endpoint())) {
            CheckpointReader checkpoint = CheckpointReader.dynamoDb(client, TABLE, name);
            try (PrefixReader reader = PrefixReader.start(bootstrap, name, data.rows, checkpoint)) {
                Processor p = Processor.start(dir, env, throttled);
                long done;
                try {
                    assertThat(reader.awaitSeen(2_000, Duration.ofSeconds(60))).as(p.output()).isTrue();
                    assertThat(p.awaitCondition(() -> checkpoint.read().isPresent(), 30)).as(p.output()).isTrue();
                    Thread.sleep(random.nextInt(1_500));
                    faults.injected(reader, "dynamodb-stop");
                    dynamo.stop();
                    down = true;
                    long stoppedAt = System.nanoTime();
                    long committedAtStop = reader.seen();
                    long outage = 6_000 + random.nextInt(3_000);
                    // Kafka commits go on without the checkpoint store (the first failed write alone takes seconds
                    // of SDK retries, hence the liveness bound)
                    assertThat(reader.awaitSeen(committedAtStop + 4 * TXN, Duration.ofSeconds(30)))
                            .as("Kafka commits go on while DynamoDB is down:\n%s", p.output()).isTrue();
                    if (kill) {
                        Thread.sleep(random.nextInt(1_000)); // kill at a random moment of the outage
                    } else {
                        // past the 5 s lease: renewals fail, the lease expires in the table
                        Thread.sleep(Math.max(0, outage - (System.nanoTime() - stoppedAt) / 1_000_000));
                    }
                    assertThat(p.alive()).as("the runner outlives the checkpoint store:\n%s", p.output()).isTrue();
                    String output = p.output();
                    long failedWrites = p.events().count("checkpoint_failed");
                    long transactions = (reader.seen() - committedAtStop) / TXN;
                    System.out.println(name + ": while DynamoDB was down " + transactions + " transactions were "
                            + "committed and " + failedWrites + " checkpoint writes failed");
                    assertThat(failedWrites).as(output).isPositive();
                    // a failed write (seconds of SDK retries) must not hold up every following commit
                    assertThat(transactions).as("Kafka commits go on while DynamoDB is down:\n%s", output)
                            .isGreaterThan(failedWrites + 1);
                    if (kill) {
                        faults.injected(reader, "kill-9");
                        p.kill9();
                        long seenAtKill = reader.seen();
                        // no checkpoint store, no lease: a new runner must fail fast and write nothing
                        Processor.Result refused = Processor.run(dir, env, 120, base.toArray(String[]::new));
                        System.out.println(name + ": a runner started while DynamoDB is down exited "
                                + refused.exitCode());
                        System.out.println("  processor: " + refused.events().failure());
                        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
                        assertThat(refused.events().failure()).as(refused.output()).containsIgnoringCase("dynamodb");
                        assertThat(refused.events().has("started")).as("no lease taken").isFalse();
                        Thread.sleep(500);
                        assertThat(reader.seen()).as("nothing written without a lease").isEqualTo(seenAtKill);
                    }
                    faults.injected(reader, "dynamodb-restart");
                    dynamo.restart();
                    down = false;
                    if (kill) {
                        long behind = checkpoint.read().map(CheckpointReader.State::totalSent).orElse(0L);
                        long inKafka = Topic.readCommitted(bootstrap, name, 0).size();
                        System.out.println(name + ": after the kill the checkpoint claims " + behind
                                + " records, Kafka holds " + inKafka);
                        Processor.Result resumed = Processor.run(dir, env, 180, base.toArray(String[]::new));
                        done = System.nanoTime();
                        assertThat(resumed.exitCode()).as(resumed.output()).isZero();
                        assertThat(resumed.events().resumedFromKafka()).as(resumed.events().toString()).isTrue();
                        assertThat(resumed.events().resumedAt().orElseThrow().path("sent").asLong())
                                .as("resumed after Kafka's last committed record, not the checkpoint's")
                                .isEqualTo(inKafka);
                        System.out.println(resumed.events().describe("started", "resumed").indent(2).stripTrailing());
                    } else {
                        Processor.Result result = p.await(240);
                        done = System.nanoTime();
                        assertThat(result.exitCode()).as(result.output()).isZero();
                        long failedInAll = result.events().count("checkpoint_failed");
                        System.out.println(name + ": finished without restart; " + failedInAll
                                + " checkpoint writes failed in all (DynamoDB was down for " + outage + " ms)");
                    }
                } finally {
                    if (p.alive()) {
                        p.kill9(); // a failed assertion must not leave the runner behind
                    }
                }
                assertThat(reader.awaitSeen(data.rows.size(), Duration.ofSeconds(60))).isTrue();
                reader.close();
                List<Topic.Rec> records = Topic.readCommitted(bootstrap, name, 0);
                Checker.Verdict verdict = Checker.check(records, data.rows, reader.samples(), checkpoint.read(), true,
                        reader);
                ChaosResults.record(kill ? "dynamodb-down-kill-9" : "dynamodb-down", faults.count(), verdict,
                        faults.slowestRecoveryNanos(reader, done));
                assertThat(verdict.clean()).as(verdict.summary()).isTrue();
                assertThat(verdict.checkpointSamples()).as("C5 was sampled during the run").isPositive();
            }
        } finally {
            if (down) {
                dynamo.restart(); // whatever happened, the next test finds it running
            }
        }
    }

    /**
     * A client for C5's checkpoint samples that fails at once while DynamoDB is down: with the SDK's default retries
     * (9 attempts, seconds) each sample would hold up the prefix reader's thread, which samples between polls.
     */
    private static DynamoDbClient sampler(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(2))
                        .retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static String[] with(List<String> base, String... extra) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }
}
