package com.csvtokafka.infra.constructs;

import com.csvtokafka.infra.Naming;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The values that name one job in the printed start commands: the source (the configured object or prefix) or, with
 * {@code manifestUri}, the manifest, the topic and the job id. Exact context values are used as they are; name
 * prefixes and manifest prefixes get a "demo" example the user edits.
 */
public record JobCommands(Map<String, String> jobEnvironment) {

    public static JobCommands of(JobTarget target) {
        Map<String, String> env = new LinkedHashMap<>();
        target.job().manifest().ifPresentOrElse(
                manifests -> env.put("MANIFEST_URI", manifests.exampleObjectUri(".txt")),
                () -> env.put("SOURCE_URI", target.exampleSourceUri()));
        env.put("KAFKA_TOPIC", target.topic().example());
        env.put("JOB_ID", target.jobId().example());
        return new JobCommands(env);
    }

    /** {@code [{"name":"SOURCE_URI","value":"s3://..."},...]} for ECS/Batch container overrides. */
    public String environmentJson() {
        return jobEnvironment.entrySet().stream()
                .map(e -> "{\"name\":\"" + e.getKey() + "\",\"value\":\"" + e.getValue() + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** Instance tags the EC2 user data reads through instance metadata, plus a Name. */
    public String tagsJson() {
        String tags = jobEnvironment.entrySet().stream()
                .map(e -> "{\"Key\":\"" + e.getKey() + "\",\"Value\":\"" + e.getValue() + "\"}")
                .collect(Collectors.joining(","));
        return "[{\"ResourceType\":\"instance\",\"Tags\":[{\"Key\":\"Name\",\"Value\":\""
                + Naming.name(jobId()) + "\"}," + tags + "]}]";
    }

    /** {@code SOURCE_URI, KAFKA_TOPIC and JOB_ID}: what a user edits in a printed command for another job. */
    public String variables() {
        String names = String.join(", ", jobEnvironment.keySet());
        int last = names.lastIndexOf(", ");
        return names.substring(0, last) + " and " + names.substring(last + 2);
    }

    public String jobId() {
        return jobEnvironment.get("JOB_ID");
    }

    /** A Batch job name: letters, digits, '-' and '_' only. */
    public String batchJobName() {
        return Naming.name(jobId()).replaceAll("[^A-Za-z0-9_-]", "-");
    }
}
