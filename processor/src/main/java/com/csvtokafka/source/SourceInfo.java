package com.csvtokafka.source;

/**
 * What a transfer pins about its source: where it is, how many bytes it has and which version it is (S3
 * versionId or ETag; for files a content fingerprint, see {@link FileFingerprint}). A resume only continues the
 * same version.
 */
public record SourceInfo(String uri, long size, String version) {
}
