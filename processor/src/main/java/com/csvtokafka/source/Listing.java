package com.csvtokafka.source;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists the inputs under an S3 prefix or a local directory, in key order as S3 lists them (byte order of the key),
 * filtered by {@code --include GLOB}. Names starting with {@code _} or {@code .} ({@code _SUCCESS}, {@code .crc}
 * files, as Spark and Hadoop write beside their parts) and "directory" keys are left out, as Hadoop's readers do.
 */
final class Listing {
    private Listing() {
    }

    /** Every object under {@code prefix} (recursively), with its size and ETag. */
    static List<SourceInfo> s3(S3Client s3, String bucket, String prefix, String include) throws IOException {
        PathMatcher matcher = matcher(include);
        List<SourceInfo> out = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                String relative = o.key().substring(prefix.length());
                if (o.key().endsWith("/") || !included(relative, matcher)) {
                    continue;
                }
                out.add(new SourceInfo("s3://" + bucket + "/" + o.key(), o.size(), "etag=" + o.eTag()));
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new SourceNotFoundException("bucket " + bucket + " does not exist (HTTP 404)");
            }
            if (e.statusCode() == 403) {
                throw new SourceNotFoundException("access denied listing s3://" + bucket + "/" + prefix
                        + " (HTTP 403); the role or credentials need s3:ListBucket on the bucket");
            }
            throw new IOException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("cannot reach S3 to list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
        return out; // ListObjectsV2 returns keys in UTF-8 byte order
    }

    /** Every regular file under {@code dir} (recursively), by relative path in byte order, as S3 would list them. */
    static List<Path> directory(Path dir, String include) throws IOException {
        PathMatcher matcher = matcher(include);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> included(dir.relativize(p).toString().replace('\\', '/'), matcher))
                    .sorted(Comparator.comparing(p -> utf8(dir.relativize(p).toString()), Listing::compareBytes))
                    .toList();
        }
    }

    /** The URIs of a manifest: one a line; blank lines and lines starting with # are left out. */
    static List<String> manifest(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static PathMatcher matcher(String include) {
        return include == null || include.isBlank() ? null : FileSystems.getDefault().getPathMatcher("glob:" + include);
    }

    /** A glob without a slash matches the file's name; one with a slash its path below the prefix. */
    static boolean included(String relative, PathMatcher matcher) {
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        boolean hidden = false;
        for (String part : relative.split("/")) {
            hidden |= part.startsWith("_") || part.startsWith(".");
        }
        if (name.isEmpty() || hidden) {
            return false;
        }
        return matcher == null || matcher.matches(Path.of(relative)) || matcher.matches(Path.of(name));
    }

    private static byte[] utf8(String s) {
        return s.replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int compareBytes(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }
}
