package com.csvtokafka.it.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what real runs did: the processor's AWS call log (env AWS_CALL_LOG, one JSON line per S3/DynamoDB call) and
 * the lines a run added to the broker's authorization log, mapped to MSK IAM actions by {@link MskActions}.
 */
final class RecordedCalls {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Kafka's StandardAuthorizer audit line (kafka.authorizer.logger). */
    private static final Pattern AUTHORIZED = Pattern.compile("is Allowed operation = (\\w+) from host = \\S+ on "
            + "resource = (\\w+):LITERAL:(.*) for request = (\\w+) with resourceRefCount");

    private RecordedCalls() {
    }

    static List<AwsCall> awsCallLog(Path log, String run) throws IOException {
        List<AwsCall> calls = new ArrayList<>();
        if (!Files.exists(log)) {
            return calls;
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            JsonNode call = JSON.readTree(line);
            Map<String, String> conditions = new LinkedHashMap<>();
            call.path("conditions").fields().forEachRemaining(e -> conditions.put(e.getKey(), e.getValue().asText()));
            calls.add(new AwsCall(call.path("action").asText(), call.path("resource").asText(), conditions,
                    run + ": " + call.path("service").asText() + " " + call.path("operation").asText()
                            + " (AWS_CALL_LOG)"));
        }
        return calls;
    }

    /** The size of the authorization log now: a run's lines are those after it. */
    static long mark(Path authorizationLog) throws IOException {
        return Files.exists(authorizationLog) ? Files.size(authorizationLog) : 0;
    }

    /**
     * The MSK IAM calls behind the authorizations logged since {@code from}: kafka-cluster:Connect on the cluster
     * (every connection authenticates), and each logged operation on its resource.
     */
    static List<AwsCall> kafkaAuthorizations(Path authorizationLog, long from, MskActions msk, String run)
            throws IOException {
        List<AwsCall> calls = new ArrayList<>();
        for (String line : linesAfter(authorizationLog, from)) {
            Matcher m = AUTHORIZED.matcher(line);
            if (!m.find()) {
                continue;
            }
            msk.call(m.group(1), m.group(2), m.group(3), m.group(4), run).ifPresent(calls::add);
        }
        if (!calls.isEmpty()) {
            calls.add(0, msk.connect(run));
        }
        return calls;
    }

    private static List<String> linesAfter(Path file, long from) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[Math.toIntExact(in.length() - from)];
            in.seek(from);
            in.readFully(bytes);
            return List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
        }
    }
}
