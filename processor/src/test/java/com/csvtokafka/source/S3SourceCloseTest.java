package com.csvtokafka.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** Closing an S3 input before its end must abort the connection, not read the rest of the object to reuse it. */
class S3SourceCloseTest {
    private static final int SIZE = 1 << 20;

    private final List<String> ranges = new ArrayList<>();
    private final AtomicInteger aborts = new AtomicInteger();
    /** When above 0: the next response breaks (connection reset) after this many bytes. */
    private int breakAfter;

    private final S3Client s3 = new S3Client() {
        @Override
        public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
            ranges.add(request.range());
            String range = request.range().substring("bytes=".length());
            long from = Long.parseLong(range.substring(0, range.indexOf('-')));
            String last = range.substring(range.indexOf('-') + 1);
            long to = last.isEmpty() ? SIZE : Long.parseLong(last) + 1;
            byte[] object = new byte[(int) (to - from)];
            for (int i = 0; i < object.length; i++) {
                object[i] = (byte) (from + i);
            }
            InputStream body = new ByteArrayInputStream(object);
            if (breakAfter > 0) {
                int cut = breakAfter;
                breakAfter = 0;
                body = new java.io.FilterInputStream(body) {
                    private int left = cut;

                    @Override
                    public int read(byte[] b, int off, int len) throws java.io.IOException {
                        if (left == 0) {
                            throw new java.net.SocketException("Connection reset");
                        }
                        int n = super.read(b, off, Math.min(len, left));
                        left -= Math.max(n, 0);
                        return n;
                    }
                };
            }
            return new ResponseInputStream<>(GetObjectResponse.builder().build(),
                    AbortableInputStream.create(body, aborts::incrementAndGet));
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    };

    private final SourceInfo info = new SourceInfo("s3://bucket/big.csv", SIZE, "etag=\"e\"");

    @Test
    void closingAfterTheFirstBytesAbortsTheConnection() throws Exception {
        try (S3Source source = new S3Source(S3Location.parse("s3://bucket/big.csv"), s3, false);
             InputStream in = source.open(info, 0)) {
            assertThat(in.read(new byte[100])).isEqualTo(100);
        }
        assertThat(ranges).containsExactly("bytes=0-");
        assertThat(aborts).as("an early close aborts").hasValue(1);
    }

    @Test
    void aFirstLookIsBoundedReopenedAtTheExactByteWhenItBreaksAndAbortedWhenClosedEarly() throws Exception {
        breakAfter = 1000;
        byte[] read;
        try (S3Source source = new S3Source(S3Location.parse("s3://bucket/big.csv"), s3, false);
             InputStream in = source.openStart(info, 64 << 10)) {
            read = in.readNBytes(5000);
        }
        assertThat(ranges).containsExactly("bytes=0-65535", "bytes=1000-65535");
        for (int i = 0; i < read.length; i++) {
            assertThat(read[i]).as("byte %d", i).isEqualTo((byte) i);
        }
        assertThat(aborts).as("the broken connection, and the stream closed before the end of its range").hasValue(2);
    }

    @Test
    void aFirstLookLongerThanTheObjectStillAsksForABoundedRange() throws Exception {
        try (S3Source source = new S3Source(S3Location.parse("s3://bucket/big.csv"), s3, false);
             InputStream in = source.openStart(info, 8L << 20)) {
            assertThat(in.readAllBytes()).hasSize(SIZE);
        }
        assertThat(ranges).containsExactly("bytes=0-" + (SIZE - 1));
        assertThat(aborts).as("read to its end: closed, not aborted").hasValue(0);
    }

    @Test
    void closingAtTheEndLetsTheConnectionBeReused() throws Exception {
        try (S3Source source = new S3Source(S3Location.parse("s3://bucket/big.csv"), s3, false);
             InputStream in = source.open(info, SIZE - 10)) {
            assertThat(in.readAllBytes()).hasSize(10);
        }
        assertThat(aborts).as("a stream read to its end is closed, not aborted").hasValue(0);
    }
}
