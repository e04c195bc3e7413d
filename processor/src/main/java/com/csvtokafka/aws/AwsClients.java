package com.csvtokafka.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** The one place AWS clients get their region, credentials, endpoint override and HTTP timeouts. */
public final class AwsClients {
    static final String NO_CREDENTIALS = "no AWS credentials found (looked in: env, profile, container, instance)\n"
            + "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (see `aws configure`); on AWS, give "
            + "the task or instance a role";

    private static AwsCredentialsProvider credentials;

    private AwsClients() {
    }

    /**
     * Applies region and endpoint. Without an explicit region the SDK's default chain decides (AWS_REGION,
     * profile, instance metadata); against a local endpoint any region will do, so us-east-1 is the fallback.
     */
    public static <B extends AwsClientBuilder<B, C>, C> B configure(B builder, URI endpoint, String region) {
        return configure(builder, endpoint, region, Set.of());
    }

    /**
     * As {@link #configure(AwsClientBuilder, URI, String)}; with {@value AwsCallLog#ENV} set, every call is logged
     * ({@link AwsCallLog}), item calls with the values of {@code partitionKeys} (the tables' partition-key names).
     */
    public static <B extends AwsClientBuilder<B, C>, C> B configure(B builder, URI endpoint, String region,
                                                                     Set<String> partitionKeys) {
        builder.region(resolveRegion(endpoint, region));
        builder.credentialsProvider(credentials());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        AwsCallLog.configured(System.getenv()).ifPresent(file -> builder.overrideConfiguration(
                override -> override.addExecutionInterceptor(new AwsCallLog(file, account(), partitionKeys))));
        return builder;
    }

    /** The account the credentials name (AWS_ACCOUNT_ID, a profile's aws_account_id), for ARNs in the call log. */
    private static String account() {
        AwsCredentials resolved = credentials().resolveCredentials();
        return resolved.accountId().orElse(AwsCallLog.UNKNOWN_ACCOUNT);
    }

    public static ApacheHttpClient.Builder http() {
        return ApacheHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60))
                .maxConnections(8);
    }

    /**
     * The SDK's default chain (environment, profile, web identity, container, instance), shared by the S3 and
     * DynamoDB clients and resolved once up front: without credentials the run stops with a configuration error
     * saying so (exit 2), instead of the chain's report of every provider it tried at the first request.
     */
    static synchronized AwsCredentialsProvider credentials() {
        if (credentials == null) {
            credentials = resolved(DefaultCredentialsProvider.builder().build());
        }
        return credentials;
    }

    static AwsCredentialsProvider resolved(AwsCredentialsProvider chain) {
        try {
            chain.resolveCredentials();
            return chain;
        } catch (SdkClientException e) {
            throw new IllegalArgumentException(NO_CREDENTIALS, e);
        }
    }

    static Region resolveRegion(URI endpoint, String region) {
        if (region != null && !region.isBlank()) {
            return Region.of(region);
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            if (endpoint != null) {
                return Region.US_EAST_1;
            }
            throw new IllegalArgumentException("no AWS region: pass --region or set AWS_REGION", e);
        }
    }
}
