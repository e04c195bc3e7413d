package com.csvtokafka.localstack;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Credentials and SDK clients for the local S3 and DynamoDB.
 *
 * <p>One key pair serves both, so one set of {@code AWS_*} variables configures the processor. It is letters
 * only because DynamoDB Local 2.x rejects access key ids with anything else ("The Access Key ID or security
 * token is invalid").
 */
final class LocalAws {

    static final String ACCESS_KEY = "localaccesskey";
    static final String SECRET_KEY = "localsecretkey";
    static final String REGION = "us-east-1";

    private LocalAws() {
    }

    /**
     * Path-style (S3Proxy serves buckets under the path, not as host names) and checksums only where the API
     * demands them: S3Proxy 2.6 does not understand the SDK's default flexible-checksum trailers and
     * answers every such upload with 400 "x-amz-content-sha256 does not match".
     */
    static S3Client s3(URI endpoint, Duration callTimeout) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(config -> config.apiCallTimeout(callTimeout))
                .build();
    }

    static DynamoDbClient dynamoDb(URI endpoint, Duration callTimeout) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(config -> config.apiCallTimeout(callTimeout))
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }
}
