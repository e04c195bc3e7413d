package com.csvtokafka.infra.constructs;

import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.services.ec2.S3DownloadOptions;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * User data that makes one EC2 instance run one job and then go away: install Corretto 17 and the CloudWatch
 * agent, fetch the processor jar from the bootstrap bucket, run it with the job's environment, SIGTERM it on the Spot
 * interruption notice (IMDSv2, every 5 s), ship its log to CloudWatch, and shut down (the launch template makes
 * that a termination). Static parts are {@code ec2-prepare.sh} and {@code ec2-run.sh}.
 */
public final class Ec2JobUserData {

    public static final String JAR = "/opt/csv-to-kafka/csv-to-kafka.jar";
    public static final String LOG_PREFIX = "ec2";

    private Ec2JobUserData() {
    }

    /**
     * @param jarBucket   the bucket of the processor jar
     * @param jarKey      its object key
     * @param environment the processor's environment (may hold deploy-time tokens)
     * @param secretArn   a SCRAM secret to read at start, or {@code null}
     */
    public static UserData create(IBucket jarBucket, String jarKey, Map<String, String> environment, String secretArn,
                                  ILogGroup logGroup) {
        UserData userData = UserData.forLinux();
        userData.addCommands(Scripts.read("ec2-prepare.sh"));

        StringBuilder env = new StringBuilder("cat > /etc/csv-to-kafka/job.env <<'ENV'\n");
        environment.forEach((name, value) -> env.append(name).append("='").append(value).append("'\n"));
        if (secretArn != null) {
            env.append("KAFKA_SASL_SECRET_ARN='").append(secretArn).append("'\n");
        }
        env.append("ENV");
        userData.addCommands(env.toString());

        userData.addS3DownloadCommand(S3DownloadOptions.builder()
                .bucket(jarBucket)
                .bucketKey(jarKey)
                .localFile(JAR)
                .region(environment.get("AWS_REGION"))
                .build());
        userData.addCommands("cat > /etc/csv-to-kafka/cloudwatch-agent.json <<'JSON'\n"
                + cloudWatchAgentConfig(logGroup.getLogGroupName()) + "\nJSON");
        userData.addCommands(Scripts.read("ec2-run.sh"));
        return userData;
    }

    private static String cloudWatchAgentConfig(String logGroupName) {
        Map<String, String> files = Map.of(
                "/var/log/csv-to-kafka/processor.log", "processor",
                "/var/log/csv-to-kafka-boot.log", "boot");
        String collect = files.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(f -> "{\"file_path\":\"" + f.getKey() + "\",\"log_group_name\":\"" + logGroupName
                        + "\",\"log_stream_name\":\"" + LOG_PREFIX + "/{instance_id}/" + f.getValue() + "\"}")
                .collect(Collectors.joining(","));
        return "{\"agent\":{\"run_as_user\":\"root\"},\"logs\":{\"logs_collected\":{\"files\":{\"collect_list\":["
                + collect + "]}}}}";
    }
}
