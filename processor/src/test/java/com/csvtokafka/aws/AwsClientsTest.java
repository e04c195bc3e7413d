package com.csvtokafka.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsClientsTest {
    @Test
    void missingCredentialsAreAConfigurationErrorSayingWhereItLookedAndWhatToSet() {
        AwsCredentialsProvider none = () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain ...");
        };
        assertThatThrownBy(() -> AwsClients.resolved(none))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no AWS credentials found (looked in: env, profile, container, instance)\n"
                        + "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (see `aws configure`); "
                        + "on AWS, give the task or instance a role");
    }

    @Test
    void credentialsThatResolveAreUsedAsTheyAre() {
        AwsCredentialsProvider keys = StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"));
        assertThat(AwsClients.resolved(keys)).isSameAs(keys);
    }
}
