package com.csvtokafka.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The CLI's detached stack: start, status, env, put, stop, and a second start on the same data. */
class LocalStackCliIT {

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stopWhateverIsLeft() {
        cli().run(new String[] {"stop"});
    }

    private LocalStackCli cli() {
        return new LocalStackCli(Map.of("LOCAL_STACK_DIR", dataDir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return cli().run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void stackOutlivesCommandsAndComesBackOnItsPortsWithItsData() throws Exception {
        assertThat(run("start")).as("start: %s%s", out, err).isZero();
        StackDir dir = new StackDir(dataDir);
        Map<Component, String> endpoints = dir.env().orElseThrow().endpoints();
        List<Long> pids = List.of(pid(dir, Component.KAFKA), pid(dir, Component.S3), pid(dir, Component.DYNAMODB));

        assertThat(run("status")).isZero();
        assertThat(out().lines().filter(line -> line.endsWith("healthy"))).hasSize(3);

        assertThat(run("start")).as("second start").isZero();
        assertThat(List.of(pid(dir, Component.KAFKA), pid(dir, Component.S3), pid(dir, Component.DYNAMODB)))
                .as("a running stack is left alone").isEqualTo(pids);

        assertThat(run("env")).isZero();
        assertThat(out()).contains("KAFKA_BOOTSTRAP_SERVERS=" + endpoints.get(Component.KAFKA) + "\n")
                .contains("AWS_REGION=us-east-1\n");

        Path csv = Files.writeString(dataDir.resolve("upload.csv"), "id\n1\n");
        assertThat(run("put", csv.toString(), "s3://uploads/in/upload.csv")).as("put: %s", err).isZero();
        try (KafkaProbe kafka = new KafkaProbe(endpoints.get(Component.KAFKA))) {
            kafka.createTopic("kept", 1, (short) 1);
        }

        assertThat(run("stop")).isZero();
        assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(run("status")).isEqualTo(1);
        assertThat(out().lines().filter(line -> line.endsWith("stopped"))).hasSize(3);

        assertThat(run("start")).as("restart: %s%s", out, err).isZero();
        assertThat(dir.env().orElseThrow().endpoints()).as("previous ports reused").isEqualTo(endpoints);
        try (S3Client s3 = LocalAws.s3(URI.create(endpoints.get(Component.S3)), Duration.ofSeconds(30))) {
            assertThat(s3.getObjectAsBytes(request -> request.bucket("uploads").key("in/upload.csv")).asUtf8String())
                    .isEqualTo("id\n1\n");
        }
        try (KafkaProbe kafka = new KafkaProbe(endpoints.get(Component.KAFKA))) {
            assertThat(kafka.partitionsReady("kept")).as("topic survives a stop").isTrue();
        }
    }

    @Test
    void usageErrorsExitWith2AndNameTheProblem() {
        assertThat(run("launch")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'launch'");
        assertThat(run("put", "missing.csv", "s3://b/k")).isEqualTo(2);
        assertThat(run("put", "x", "not-an-s3-uri")).isEqualTo(2);
        assertThat(new LocalStackCli(Map.of("LOCAL_STACK_DIR", dataDir.toString(), "KAFKA_PORT", "http"),
                new PrintStream(out), new PrintStream(err)).run(new String[] {"start"})).isEqualTo(2);
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("KAFKA_PORT").contains("put FILE s3://BUCKET/KEY");
    }

    @Test
    void envAndStatusBeforeAnyStartSayWhatToDo() {
        assertThat(run("env")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("run bin/local-stack start");
        assertThat(run("status")).isEqualTo(1);
    }

    private static long pid(StackDir dir, Component component) {
        Optional<ProcessHandle> process = dir.running(component);
        assertThat(process).as(component.label() + " running").isPresent();
        return process.get().pid();
    }
}
