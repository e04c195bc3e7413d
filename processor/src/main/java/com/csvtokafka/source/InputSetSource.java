package com.csvtokafka.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The inputs of a prefix ({@code s3://bucket/exports/}), a local directory, or a manifest (a text file, local or on
 * S3, one URI per line): listed when the job starts ({@link #pin}), then each read like a one-file source. Objects
 * on S3 share one client.
 */
final class InputSetSource implements Source {
    private final String uri;
    private final String include;
    private final String manifest;
    private final S3Settings settings;
    private S3Client s3;
    private volatile ReopenListener reopens = ReopenListener.NONE;
    private Source current;
    private String currentUri;

    /**
     * @param uri      the prefix or directory; null with a manifest
     * @param manifest a manifest's URI, or null
     */
    InputSetSource(String uri, String include, String manifest, S3Settings settings) {
        this.uri = uri;
        this.include = include;
        this.manifest = manifest;
        this.settings = settings == null ? S3Settings.DEFAULT : settings;
    }

    @Override
    public InputSet pin(String pinnedVersion) throws IOException {
        return pin();
    }

    @Override
    public InputSet pin() throws IOException {
        List<SourceInfo> inputs;
        String setUri;
        if (manifest != null) {
            setUri = manifest;
            inputs = new ArrayList<>();
            for (String line : Listing.manifest(readManifest())) {
                inputs.add(sourceFor(line).describe());
            }
        } else if (uri.startsWith("s3://")) {
            String rest = uri.substring(5);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            setUri = "s3://" + bucket + "/" + prefix;
            inputs = Listing.s3(s3(), bucket, prefix, include);
        } else {
            Path dir = path(uri);
            if (!Files.isDirectory(dir)) {
                throw new SourceNotFoundException("source directory " + dir + " does not exist");
            }
            setUri = dir.toUri().toString();
            inputs = new ArrayList<>();
            for (Path file : Listing.directory(dir, include)) {
                inputs.add(new FileSource(file).describe());
            }
        }
        if (inputs.isEmpty()) {
            throw new SourceNotFoundException("no input files in " + (manifest != null ? "the manifest " + manifest
                    : setUri + (include == null ? "" : " matching --include " + include))
                    + " (names starting with _ or . are left out)");
        }
        return new InputSet(setUri, inputs);
    }

    @Override
    public SourceInfo describe() throws IOException {
        return pin().summary();
    }

    @Override
    public InputStream open(SourceInfo input, long offset) throws IOException {
        return sourceFor(input.uri()).open(input, offset);
    }

    @Override
    public InputStream openStart(SourceInfo input, long length) throws IOException {
        return sourceFor(input.uri()).openStart(input, length);
    }

    @Override
    public void onReopen(ReopenListener listener) {
        this.reopens = listener;
    }

    /** The source of one input; the last one is kept, as inputs are read one after the other. */
    private synchronized Source sourceFor(String inputUri) {
        if (!inputUri.equals(currentUri)) {
            if (current != null) {
                current.close();
            }
            current = inputUri.startsWith("s3://") ? new S3Source(S3Location.parse(inputUri), s3(), false)
                    : new FileSource(path(inputUri));
            current.onReopen((source, offset, error, attempt, max) -> reopens.reopening(source, offset, error, attempt, max));
            currentUri = inputUri;
        }
        return current;
    }

    private String readManifest() throws IOException {
        if (!manifest.startsWith("s3://")) {
            try {
                return Files.readString(path(manifest), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new SourceNotFoundException("manifest " + manifest + " does not exist");
            }
        }
        S3Location location = S3Location.parse(manifest);
        try {
            ResponseBytes<GetObjectResponse> bytes = s3().getObjectAsBytes(b -> b.bucket(location.bucket()).key(location.key()));
            return bytes.asUtf8String();
        } catch (S3Exception e) {
            throw new SourceNotFoundException("cannot read the manifest " + manifest + " (HTTP " + e.statusCode() + ")");
        } catch (SdkException e) {
            throw new IOException("cannot reach S3 for the manifest " + manifest + ": " + e.getMessage(), e);
        }
    }

    private synchronized S3Client s3() {
        if (s3 == null) {
            s3 = S3Source.client(settings);
        }
        return s3;
    }

    private static Path path(String uri) {
        return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
