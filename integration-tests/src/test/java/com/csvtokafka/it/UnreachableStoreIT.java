package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A --checkpoint-table whose DynamoDB cannot be reached: one error naming where it was looked for, and the way out. */
class UnreachableStoreIT {
    @TempDir
    Path dir;

    @Test
    void aHostThatDoesNotResolveIsExit2AndAPortWithNothingListeningExit1EachOneLine() throws Exception {
        Map<String, String> env = SharedStack.environment();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens there once closed
        }
        Path file = Files.writeString(dir.resolve("a.csv"), "id\n1\n");
        for (String endpoint : new String[] {"http://dynamodb.invalid:8000", "http://127.0.0.1:" + closed}) {
            Processor.Result r = Processor.run(dir, env, 120, "run", "--source", file.toString(), "--topic", "t",
                    "--job-id", "unreachable", "--bootstrap-servers", SharedStack.bootstrap(),
                    "--checkpoint-table", "checkpoints", "--dynamodb-endpoint", endpoint, "--region", "eu-west-1");
            // a name that does not resolve is configuration (2); nothing listening may be an outage (1: retried)
            assertThat(r.exitCode()).as(r.output()).isEqualTo(endpoint.contains("invalid") ? 2 : 1);
            assertThat(r.output()).contains("error: cannot reach DynamoDB for checkpoint table checkpoints at " + endpoint
                            + " (" + (endpoint.contains("invalid") ? "unknown host" : "connection refused"))
                    .contains("pass the --dynamodb-endpoint URL where it runs")
                    .doesNotContain("UnknownHostException").doesNotContain("See cause").doesNotContain("\tat ");
        }
    }
}
