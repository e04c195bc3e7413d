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

    private final S3Client s3 = new S3Client() {
        @Override
        public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
            ranges.add(request.range());
            long from = Long.parseLong(request.range().substring("bytes=".length(), request.range().indexOf('-')));
            InputStream body = new ByteArrayInputStream(new byte[SIZE - (int) from]);
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
    void closingAtTheEndLetsTheConnectionBeReused() throws Exception {
        try (S3Source source = new S3Source(S3Location.parse("s3://bucket/big.csv"), s3, false);
             InputStream in = source.open(info, SIZE - 10)) {
            assertThat(in.readAllBytes()).hasSize(10);
        }
        assertThat(aborts).as("a stream read to its end is closed, not aborted").hasValue(0);
    }
}
