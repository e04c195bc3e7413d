package com.csvtokafka.it.sandbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployed stacks' outputs, read with CloudFormation DescribeStacks. Every precondition that this machine or
 * account may lack (the AWS CLI, credentials, a deployed stack) is an assumption: the tests skip, saying what to do.
 */
final class DeployedSandbox {

    private final Map<String, Map<String, String>> outputs = new HashMap<>();

    private DeployedSandbox() {
    }

    static DeployedSandbox require(String... stacks) {
        assumeTrue(AwsCli.installed(), "sandbox ITs need the AWS CLI (aws) on PATH");
        AwsCli.Result identity = AwsCli.run(Duration.ofSeconds(60), List.of("aws", "sts", "get-caller-identity"));
        assumeTrue(identity.exitCode() == 0, "sandbox ITs need AWS credentials and a region: " + identity.stderr());
        DeployedSandbox sandbox = new DeployedSandbox();
        for (String stack : stacks) {
            AwsCli.Result described = AwsCli.run(Duration.ofSeconds(60), List.of("aws", "cloudformation",
                    "describe-stacks", "--stack-name", stack, "--output", "json"));
            assumeTrue(described.exitCode() == 0, stack + " is not deployed: run `bin/deploy " + stack
                    + "` (see docs/deploy.md). " + described.stderr());
            Map<String, String> values = new HashMap<>();
            for (JsonNode output : described.json().path("Stacks").path(0).path("Outputs")) {
                values.put(output.path("OutputKey").asText(), output.path("OutputValue").asText());
            }
            sandbox.outputs.put(stack, values);
        }
        return sandbox;
    }

    static boolean deployed(String stack) {
        return AwsCli.run(Duration.ofSeconds(60), List.of("aws", "cloudformation", "describe-stacks",
                "--stack-name", stack, "--output", "json")).exitCode() == 0;
    }

    String output(String stack, String key) {
        String value = outputs.getOrDefault(stack, Map.of()).get(key);
        if (value == null) {
            throw new AssertionError(stack + " has no output " + key + ": redeploy it with this version");
        }
        return value;
    }
}
