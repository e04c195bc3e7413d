package com.csvtokafka.it.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * moto's IAM policy engine ({@code moto.iam.access_control.IAMPolicy}) run by Python: which statements of a role's
 * policies allow (or deny) each call. Python is {@code $PYTHON} or {@code python3}. Without Python or moto the
 * check is skipped on a workstation and fails under CI ({@code CI=true}), naming what to install.
 */
final class PolicyEngine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = "/permissions/evaluate_policies.py";

    /** What the statements say about one call. */
    record Verdict(List<JsonNode> allowing, List<JsonNode> denying) {
    }

    private PolicyEngine() {
    }

    static List<Verdict> evaluate(List<Map<String, Object>> policies, List<AwsCall> calls) throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.set("policies", JSON.valueToTree(policies));
        ArrayNode list = request.putArray("calls");
        calls.forEach(call -> list.addObject().put("action", call.action()).put("resource", call.resource()));
        JsonNode response = run(JSON.writeValueAsBytes(request));
        List<Verdict> verdicts = new ArrayList<>();
        for (JsonNode result : response.path("results")) {
            List<JsonNode> allowing = new ArrayList<>();
            result.path("allowing").forEach(allowing::add);
            List<JsonNode> denying = new ArrayList<>();
            result.path("denying").forEach(denying::add);
            verdicts.add(new Verdict(allowing, denying));
        }
        if (verdicts.size() != calls.size()) {
            throw new AssertionError("moto answered " + verdicts.size() + " of " + calls.size() + " calls: " + response);
        }
        return verdicts;
    }

    /**
     * Every call the role must make that its policies do not allow, with the statement conditions that failed
     * ({@link Conditions}); empty when the role may make them all.
     */
    static List<String> notAllowed(String context, SynthesizedApp.RolePolicies role, List<AwsCall> calls)
            throws Exception {
        List<AwsCall> distinct = calls.stream().distinct().toList();
        List<Verdict> verdicts = evaluate(role.documents(), distinct);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
            AwsCall call = distinct.get(i);
            Verdict verdict = verdicts.get(i);
            String where = "context " + context + ", " + role.stack() + " role " + role.role() + ": ";
            if (!verdict.denying().isEmpty()) {
                problems.add(where + "DENIED by " + verdict.denying() + ": " + call);
                continue;
            }
            List<String> unmet = new ArrayList<>();
            boolean allowed = false;
            for (JsonNode statement : verdict.allowing()) {
                Optional<String> problem = Conditions.unmet(statement.path("condition"), call);
                if (problem.isEmpty()) {
                    allowed = true;
                    break;
                }
                unmet.add("statement " + statement.path("sid").asText() + ": " + problem.get());
            }
            if (!allowed) {
                problems.add(where + "NOT ALLOWED" + (unmet.isEmpty() ? " (no statement grants it)" : " " + unmet)
                        + ": " + call);
            }
        }
        return problems;
    }

    private static JsonNode run(byte[] request) throws Exception {
        String python = System.getenv().getOrDefault("PYTHON", "python3");
        String script;
        try (InputStream in = PolicyEngine.class.getResourceAsStream(SCRIPT)) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path output = Files.createTempFile("moto-verdicts", ".json");
        Process process;
        try {
            process = new ProcessBuilder(python, "-c", script).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            return missing(python + " cannot be started (" + e.getMessage() + ")");
        }
        try {
            process.getOutputStream().write(request);
            process.getOutputStream().close();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(python + " evaluating policies with moto did not finish in 120 s");
            }
            JsonNode response = JSON.readTree(Files.readString(output));
            if (response != null && response.has("error")) {
                return missing(response.path("error").asText());
            }
            if (process.exitValue() != 0 || response == null) {
                throw new AssertionError(python + " evaluating policies with moto exited with " + process.exitValue());
            }
            return response;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static JsonNode missing(String problem) {
        String message = "the IAM policy engine is missing: " + problem + ". Install Python 3 with moto 5.2.1 "
                + "(pip install 'moto==5.2.1') or point $PYTHON at one that has it";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        throw new TestAbortedException(message);
    }
}
