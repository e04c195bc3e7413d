package com.csvtokafka.it.permissions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls made for a job by the platform or the instance's boot script, not by the processor, so no local run can
 * record them: they are read from what the synthesized templates tell the platform to do, and evaluated like the
 * recorded ones. The EC2 user data downloads the jar ({@code aws s3 cp}: HeadObject and GetObject), ships logs
 * with the CloudWatch agent and reads the SCRAM secret; ECS pulls the image, sends the awslogs driver's logs and
 * injects the secret with the execution role; S3 decrypts SSE-KMS objects with the reader's kms:Decrypt.
 */
final class PlatformCalls {
    private static final Pattern JAR = Pattern.compile("s3://([^/'\"\\s]+)/([^'\"\\s]+\\.jar)");

    private PlatformCalls() {
    }

    /** Platform calls made with the role the processor runs as. */
    static List<AwsCall> ofProcessorRole(SynthesizedApp app, JobUnderTest job, String stack) {
        List<AwsCall> calls = new ArrayList<>();
        app.config().job().sourceKmsKeyArn().ifPresent(key -> calls.add(new AwsCall("kms:Decrypt", key,
                Map.of("kms:ViaService", "s3." + CfnResolver.REGION + ".amazonaws.com"),
                "S3 decrypting an SSE-KMS source object for the reader (context sourceKmsKeyArn)")));
        if (!stack.equals("Ec2SpotStack")) {
            return calls;
        }
        String userData = app.launchTemplateUserData(stack);
        Matcher jar = JAR.matcher(userData);
        if (!jar.find()) {
            throw new AssertionError("the EC2 user data downloads no jar (no s3://.../*.jar in it):\n" + userData);
        }
        calls.add(new AwsCall("s3:GetObject", "arn:aws:s3:::" + jar.group(1) + "/" + jar.group(2), Map.of(),
                "EC2 user data: aws s3 cp of the processor jar (HeadObject, GetObject)"));
        String stream = logStream(job, "ec2/i-0123456789abcdef0/processor");
        for (String action : List.of("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents")) {
            calls.add(new AwsCall(action, stream, Map.of(), "EC2: the CloudWatch agent shipping the job's log"));
        }
        calls.addAll(secret(job, "EC2 user data: reading the SCRAM secret"));
        return calls;
    }

    /** Calls ECS / Batch make with the execution role to start the container. */
    static List<AwsCall> ofExecutionRole(JobUnderTest job, String stack) {
        List<AwsCall> calls = new ArrayList<>(secret(job, stack + ": the SCRAM secret injected into the container"));
        if (stack.equals("FargateStack")) {
            for (String action : List.of("logs:CreateLogStream", "logs:PutLogEvents")) {
                calls.add(new AwsCall(action, logStream(job, "processor/processor/0123456789abcdef"), Map.of(),
                        "Fargate: the awslogs driver"));
            }
        }
        return calls;
    }

    private static List<AwsCall> secret(JobUnderTest job, String origin) {
        if (job.saslSecretArn().isEmpty()) {
            return List.of();
        }
        String secret = job.saslSecretArn().get();
        return List.of(
                new AwsCall("secretsmanager:GetSecretValue", secret, Map.of(), origin),
                new AwsCall("kms:Decrypt", job.saslSecretKmsKeyArn().orElseThrow(), Map.of(
                        "kms:ViaService", "secretsmanager." + CfnResolver.REGION + ".amazonaws.com",
                        "kms:EncryptionContext:SecretARN", secret), origin + " (Secrets Manager decrypting it)"));
    }

    private static String logStream(JobUnderTest job, String stream) {
        return "arn:aws:logs:" + CfnResolver.REGION + ":" + CfnResolver.ACCOUNT + ":log-group:" + job.logGroup()
                + ":log-stream:" + stream;
    }
}
