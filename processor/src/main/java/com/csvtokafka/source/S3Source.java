package com.csvtokafka.source;

import com.csvtokafka.aws.AwsClients;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.http.Abortable;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3 object read with ranged GETs pinned to the version seen when the job started: {@code If-Match} on the
 * ETag (and the versionId when the bucket is versioned), so a replaced object is an error (HTTP 412), never a
 * silent mix of two files. A connection that breaks mid-stream is reopened at the exact byte reached.
 */
final class S3Source implements Source {
    private static final Logger LOG = LogManager.getLogger(S3Source.class);
    private static final int REOPEN_ATTEMPTS = 5;

    private final S3Location location;
    private final S3Client s3;
    private volatile ReopenListener reopens = ReopenListener.NONE;

    @Override
    public void onReopen(ReopenListener listener) {
        this.reopens = listener;
    }

    private final boolean ownsClient;

    S3Source(S3Location location, S3Settings settings) {
        this(location, client(settings), true);
    }

    /** An object of an input set, read with the set's one client ({@code ownsClient}: closed with this source). */
    S3Source(S3Location location, S3Client s3, boolean ownsClient) {
        this.location = location;
        this.s3 = s3;
        this.ownsClient = ownsClient;
    }

    static S3Client client(S3Settings settings) {
        return AwsClients.configure(S3Client.builder(), settings.endpoint(), settings.region())
                .httpClientBuilder(AwsClients.http())
                .forcePathStyle(settings.endpoint() != null)
                // checksums only where S3 requires them: S3-compatible servers (S3Proxy, MinIO) reject or do
                // not implement the SDK's newer default checksum headers; TLS and ETag pinning protect the data
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    @Override
    public SourceInfo describe() throws IOException {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(location.bucket()).key(location.key()));
            String version = head.versionId() != null && !head.versionId().equals("null")
                    ? "versionId=" + head.versionId() + ";etag=" + head.eTag() : "etag=" + head.eTag();
            return new SourceInfo(location.toString(), head.contentLength(), version);
        } catch (S3Exception e) {
            throw describeFailure(e);
        } catch (SdkException e) {
            throw new IOException("cannot reach S3 for " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(SourceInfo info, long offset) throws IOException {
        if (offset >= info.size()) {
            return InputStream.nullInputStream();
        }
        return new Reopening(info, offset, info.size(), false);
    }

    @Override
    public InputStream openStart(SourceInfo info, long length) throws IOException {
        if (info.size() == 0 || length <= 0) {
            return InputStream.nullInputStream();
        }
        return new Reopening(info, 0, Math.min(length, info.size()), true);
    }

    /** @param last the range's last byte (inclusive), or -1 for the rest of the object */
    private InputStream get(SourceInfo info, long offset, long last) throws IOException {
        String etag = field(info.version(), "etag");
        String versionId = field(info.version(), "versionId");
        GetObjectRequest.Builder request = GetObjectRequest.builder()
                .bucket(location.bucket()).key(location.key())
                .range("bytes=" + offset + "-" + (last < 0 ? "" : Long.toString(last)))
                .ifMatch(etag);
        if (versionId != null) {
            request.versionId(versionId);
        }
        try {
            return s3.getObject(request.build());
        } catch (S3Exception e) {
            // 416: S3-compatible servers check the range before If-Match, so a replacement shorter than the
            // resume offset answers 416 rather than 412; both mean the pinned version is gone
            if (e.statusCode() == 412 || e.statusCode() == 416) {
                throw new SourceChangedException("source " + location + " changed since the job started (ETag "
                        + etag + " no longer matches): a job transfers one version of an object; "
                        + "use a new --job-id for the new object");
            }
            throw describeFailure(e);
        } catch (SdkException e) {
            throw new IOException("cannot read " + location + " at byte offset " + offset + ": " + e.getMessage(), e);
        }
    }

    private IOException describeFailure(S3Exception e) {
        return switch (e.statusCode()) {
            case 404 -> new SourceNotFoundException("source " + location + " does not exist (HTTP 404: "
                    + "no such bucket or key); check the URI");
            case 403 -> new SourceNotFoundException("access denied to " + location + " (HTTP 403); "
                    + "the role or credentials need s3:GetObject on it");
            case 412 -> new SourceChangedException("source " + location + " changed since the job started");
            case 500, 502, 503, 504 -> new IOException("S3 error for " + location + ": " + e.getMessage(), e);
            default -> new SourceUnusableException("S3 refused to read " + location + ": " + e.getMessage());
        };
    }

    private static String field(String version, String name) {
        for (String part : version.split(";")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    /**
     * Counts the bytes handed out so that a broken connection resumes with a range GET at exactly that byte, up to
     * {@code end} (exclusive: the object's size, or the end of a first look at it, which always asks for a bounded
     * range: {@code bytes=0-N}, never the object's rest, whatever its size).
     */
    private final class Reopening extends FilterInputStream {
        private final SourceInfo info;
        private final long end;
        private final boolean bounded;
        private long position;
        private int failures;

        Reopening(SourceInfo info, long offset, long end, boolean bounded) throws IOException {
            super(get(info, offset, bounded ? end - 1 : -1));
            this.info = info;
            this.end = end;
            this.bounded = bounded;
            this.position = offset;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                try {
                    int n = in.read(b, off, len);
                    if (n > 0) {
                        position += n;
                        failures = 0;
                    } else if (n < 0 && position < end) {
                        throw new IOException("S3 stream ended early at byte " + position + " of " + end);
                    }
                    return n;
                } catch (SourceUnusableException e) {
                    throw e;
                } catch (IOException | SdkException e) {
                    if (++failures > REOPEN_ATTEMPTS) {
                        throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                    }
                    LOG.debug("S3 read of {} failed at byte offset {}; reopening there", location, position, e);
                    reopens.reopening(location.toString(), position, e.toString(), failures, REOPEN_ATTEMPTS);
                    closeQuietly();
                    in = get(info, position, bounded ? end - 1 : -1);
                }
            }
        }

        /**
         * Aborts the connection when the object was not read to its end: closing an SDK response stream early
         * reads the rest of the object off the connection to reuse it (Apache client), so reading a header row
         * before a resume, or a stop mid-object, would otherwise download the whole object.
         */
        @Override
        public void close() throws IOException {
            if (position < end && in instanceof Abortable abortable) {
                abortable.abort();
            }
            in.close();
        }

        private void closeQuietly() {
            try {
                if (in instanceof Abortable abortable) {
                    abortable.abort();
                }
                in.close();
            } catch (IOException | RuntimeException ignored) {
                // the connection is already broken; the reopened stream replaces it
            }
        }
    }
}
