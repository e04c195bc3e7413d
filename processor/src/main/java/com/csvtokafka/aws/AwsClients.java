package com.csvtokafka.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** The one place AWS clients get their region, endpoint override and HTTP timeouts. */
public final class AwsClients {
    private AwsClients() {
    }

    /**
     * Applies region and endpoint. Without an explicit region the SDK's default chain decides (AWS_REGION,
     * profile, instance metadata); against a local endpoint any region will do, so us-east-1 is the fallback.
     */
    public static <B extends AwsClientBuilder<B, C>, C> B configure(B builder, URI endpoint, String region) {
        builder.region(resolveRegion(endpoint, region));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    public static ApacheHttpClient.Builder http() {
        return ApacheHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60))
                .maxConnections(8);
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
