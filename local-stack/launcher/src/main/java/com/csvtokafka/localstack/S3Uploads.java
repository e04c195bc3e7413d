package com.csvtokafka.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Bucket creation and streaming uploads of files of any size (multi-GB CSVs included) to S3. */
final class S3Uploads {

    /** Above this a file goes up in parts: S3 (and S3Proxy) refuse single PUTs over 5 GiB. */
    static final long SINGLE_PUT_LIMIT = 256L << 20;
    static final long PART_SIZE = 64L << 20;
    private static final int MAX_PARTS = 10_000;

    private S3Uploads() {
    }

    static void createBucketIfMissing(S3Client s3, String bucket) {
        try {
            s3.createBucket(request -> request.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            // what we wanted
        }
    }

    /**
     * Uploads {@code file} without holding it in memory and returns the object's ETag as HEAD reports it.
     * That is the ETag to pin ranged reads to: S3Proxy's filesystem backend reports a plain MD5 there even
     * for multipart objects, while its CompleteMultipartUpload answer says "md5-of-md5s-N".
     */
    static String put(S3Client s3, String bucket, String key, Path file) {
        return put(s3, bucket, key, file, SINGLE_PUT_LIMIT, PART_SIZE);
    }

    static String put(S3Client s3, String bucket, String key, Path file, long singlePutLimit, long minPartSize) {
        long size = size(file);
        if (size <= singlePutLimit) {
            s3.putObject(request -> request.bucket(bucket).key(key).contentLength(size), RequestBody.fromFile(file));
        } else {
            putInParts(s3, bucket, key, file, size, Math.max(minPartSize, ceilDiv(size, MAX_PARTS)));
        }
        return s3.headObject(request -> request.bucket(bucket).key(key)).eTag();
    }

    private static void putInParts(S3Client s3, String bucket, String key, Path file, long size, long partSize) {
        String uploadId = s3.createMultipartUpload(request -> request.bucket(bucket).key(key)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += partSize) {
                int number = parts.size() + 1;
                long length = Math.min(partSize, size - offset);
                String eTag = s3.uploadPart(
                        request -> request.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                                .contentLength(length),
                        RequestBody.fromContentProvider(new FileSlice(file, offset, length), length,
                                "application/octet-stream")).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            }
            s3.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (RuntimeException e) {
            abortQuietly(s3, bucket, key, uploadId, e);
            throw e;
        }
    }

    private static void abortQuietly(S3Client s3, String bucket, String key, String uploadId, RuntimeException cause) {
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
        } catch (S3Exception e) {
            cause.addSuppressed(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
