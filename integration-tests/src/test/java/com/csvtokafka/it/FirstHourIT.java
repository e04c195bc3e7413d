package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs that must not look like success, as a new user meets them: the CLI's words and exit codes. */
class FirstHourIT {
    @TempDir
    Path dir;

    private String[] args(Path source, String topic, String job, String... more) {
        return Processor.runArgs(dir.resolve("ck"), source, topic, job, more);
    }

    @Test
    void aFinishedJobRunAgainToMoveSomethingElseIsRefusedNamingTheDifference() throws Exception {
        Map<String, String> env = SharedStack.environment();
        Path file = Files.writeString(dir.resolve("a.csv"), "id,name\n1,a\n2,b\n");
        SharedStack.get().kafka().createTopic("first-hour-a", 1);
        SharedStack.get().kafka().createTopic("first-hour-b", 1);
        Processor.Result done = Processor.run(dir, env, 60, args(file, "first-hour-a", "fh-1"));
        assertThat(done.exitCode()).as(done.output()).isZero();

        Processor.Result other = Processor.run(dir, env, 60, args(file, "first-hour-b", "fh-1", "--format", "csv"));
        assertThat(other.exitCode()).as(other.output()).isEqualTo(2);
        assertThat(other.output()).contains("error: job fh-1 was started to move something else")
                .contains("--topic was first-hour-a, now first-hour-b").contains("--format was json, now csv")
                .contains("use a new --job-id");
        assertThat(other.events().failure()).contains("--topic was first-hour-a");
        assertThat(Topic.readCommitted("first-hour-b", 0)).as("nothing reached the new topic").isEmpty();

        Processor.Result same = Processor.run(dir, env, 60, args(file, "first-hour-a", "fh-1"));
        assertThat(same.exitCode()).as(same.output()).isZero();
        assertThat(same.events().first("completed").orElseThrow().path("already_done").asBoolean()).isTrue();
    }

    @Test
    void anEmptyExportWarnsInOneLineAndFailsOnlyWhenAskedTo() throws Exception {
        Map<String, String> env = SharedStack.environment();
        Path headerOnly = Files.writeString(dir.resolve("header-only.csv"), "id,name\n");
        SharedStack.get().kafka().createTopic("first-hour-empty", 1);
        Processor.Result warned = Processor.run(dir, env, 60, args(headerOnly, "first-hour-empty", "fh-empty"));
        assertThat(warned.exitCode()).as(warned.output()).isZero();
        assertThat(warned.events().named("empty_input")).as("one warning").hasSize(1);
        assertThat(warned.output()).as("no negative counts anywhere").doesNotContainPattern("(?<![\\w.])-1 ");

        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Processor.Result failed = Processor.run(dir, env, 60, args(empty, "first-hour-empty", "fh-empty-2",
                "--fail-on-empty"));
        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
        assertThat(failed.output()).contains("error: ");
        assertThat(failed.events().failure()).contains("no data rows").contains("--fail-on-empty");
        assertThat(EventsDocument.problems(warned.events())).isEmpty();
        assertThat(EventsDocument.problems(failed.events())).isEmpty();
        assertThat(Topic.readCommitted("first-hour-empty", 0)).isEmpty();
    }
}
