package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One runner per job; one version of the source per job. */
class LeaseAndSourceIT {
    @TempDir
    Path dir;

    private static Map<String, String> env() {
        return SharedStack.environment();
    }

    @Test
    void aSecondConcurrentRunnerOfTheSameJobIsRefused() throws Exception {
        CsvData data = CsvData.generate(1_000_000, 21);
        SharedStack.get().s3().createBucket("lease");
        SharedStack.get().s3().putObject("lease", "big.csv", data.write(dir, "big.csv"));
        SharedStack.get().kafka().createTopic("lease", 1);
        String[] args = {"run", "--source", "s3://lease/big.csv", "--topic", "lease", "--job-id", "lease-1",
                "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(), "--s3-endpoint", env().get("S3_ENDPOINT"),
                "--checkpoint-table", "it-leases", "--create-table", "--dynamodb-endpoint", env().get("DYNAMODB_ENDPOINT")};
        String[] slowFirst = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--max-rows-per-second", "50000")).toArray(String[]::new);
        Processor first = Processor.start(dir, env(), slowFirst);
        assertThat(first.awaitEvent("started", 60)).as(first.output()).isTrue(); // the lease is taken
        Processor.Result second = Processor.run(dir, env(), 60, args);
        boolean firstStillRunning = first.alive();
        assertThat(second.exitCode()).as(second.output()).isEqualTo(1);
        assertThat(second.events().failure()).contains("job lease-1 is already running");
        assertThat(second.events().has("started")).as("the second runner took no lease").isFalse();
        assertThat(firstStillRunning).as("the second runner was refused while the first ran").isTrue();
        first.sigterm();
        assertThat(first.await(120).exitCode()).isEqualTo(3);
        Processor.Result done = Processor.run(dir, env(), 180, args);
        assertThat(done.exitCode()).as(done.output()).isZero();
        CrashResumeIT.assertExactlyOnceInOrder("lease", data);
    }

    @Test
    void aChangedS3ObjectIsRefusedOnResume() throws Exception {
        CsvData data = CsvData.generate(1_000_000, 22);
        SharedStack.get().s3().createBucket("changed");
        SharedStack.get().s3().putObject("changed", "data.csv", data.write(dir, "v1.csv"));
        SharedStack.get().kafka().createTopic("changed", 1);
        String[] args = {"run", "--source", "s3://changed/data.csv", "--topic", "changed", "--job-id", "changed-1",
                "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(), "--s3-endpoint", env().get("S3_ENDPOINT"),
                "--checkpoint-dir", dir.resolve("ck").toString(), "--transaction-rows", "20000", "--progress-seconds", "1",
                "--max-rows-per-second", "200000"};
        Processor p = Processor.start(dir, env(), args);
        assertThat(p.awaitEvent("committed", 60)).as(p.output()).isTrue();
        assertThat(p.alive()).isTrue();
        p.kill9();
        int before = Topic.readCommitted("changed", 0).size();
        assertThat(before).isPositive();

        SharedStack.get().s3().putObject("changed", "data.csv", CsvData.generate(1000, 99).write(dir, "v2.csv"));
        Processor.Result refused = Processor.run(dir, env(), 60, args);
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.events().failure()).contains("a job transfers one version");
        assertThat(Topic.readCommitted("changed", 0)).as("nothing of the new version was sent").hasSize(before);
    }

    @Test
    void aChangedLocalFileIsRefusedOnResume() throws Exception {
        CsvData data = CsvData.generate(1_000_000, 23);
        Path file = data.write(dir, "local.csv");
        SharedStack.get().kafka().createTopic("changed-file", 1);
        String[] args = {"run", "--source", file.toString(), "--topic", "changed-file", "--job-id", "changed-file",
                "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(), "--progress-seconds", "1",
                "--checkpoint-dir", dir.resolve("ck").toString(), "--transaction-rows", "20000",
                "--max-rows-per-second", "200000"};
        Processor p = Processor.start(dir, env(), args);
        assertThat(p.awaitEvent("committed", 60)).as(p.output()).isTrue();
        p.kill9();
        CsvData.generate(2000, 98).write(dir, "local.csv");
        Processor.Result refused = Processor.run(dir, env(), 60, args);
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.events().failure()).contains("changed since the job started")
                .contains("a job transfers one version");
    }
}
