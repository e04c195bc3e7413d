package com.csvtokafka.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackEnvTest {

    private static final StackEnv ENV = StackEnv.of(Map.of(
            Component.DYNAMODB, "http://127.0.0.1:8000",
            Component.KAFKA, "127.0.0.1:9092",
            Component.S3, "http://127.0.0.1:9000"));

    @Test
    void rendersPlainVariableLinesInAFixedOrder() {
        assertThat(ENV.render()).isEqualTo("""
                KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092
                S3_ENDPOINT=http://127.0.0.1:9000
                DYNAMODB_ENDPOINT=http://127.0.0.1:8000
                AWS_ACCESS_KEY_ID=localaccesskey
                AWS_SECRET_ACCESS_KEY=localsecretkey
                AWS_REGION=us-east-1
                """);
    }

    @Test
    void readsBackWhatItWrote(@TempDir Path dir) {
        ENV.write(dir.resolve("stack.env"));

        StackEnv read = StackEnv.read(dir.resolve("stack.env")).orElseThrow();

        assertThat(read).isEqualTo(ENV);
        assertThat(read.endpoints()).containsEntry(Component.KAFKA, "127.0.0.1:9092");
        assertThat(Component.port(read.endpoint(Component.S3).orElseThrow())).isEqualTo(9000);
    }

    @Test
    void bashCanSourceIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stack.env");
        ENV.write(file);

        ProcessBuilder builder = new ProcessBuilder("bash", "--norc", "-c",
                "set -a; . \"$1\"; set +a; env | grep -E '^(KAFKA|S3|DYNAMODB|AWS)_'", "bash", file.toString())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.matches("(KAFKA|S3|DYNAMODB|AWS)_.*"));
        Process bash = builder.start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(bash.waitFor()).isZero();
        assertThat(output.lines()).containsExactlyInAnyOrderElementsOf(ENV.render().lines().toList());
    }

    @Test
    void ignoresCommentsAndBlankLines() {
        assertThat(StackEnv.parse("# note\n\nS3_ENDPOINT=http://127.0.0.1:1\n").variables())
                .containsExactly(Map.entry("S3_ENDPOINT", "http://127.0.0.1:1"));
    }
}
