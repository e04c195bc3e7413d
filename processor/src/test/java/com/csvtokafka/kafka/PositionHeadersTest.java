package com.csvtokafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PositionHeadersTest {

    @Test
    void asciiIsTheDecimalDigits() {
        long[] values = {0, 1, 9, 10, 99, 100, 123456789, 999_999_999_999L, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        for (long v : values) {
            assertThat(new String(PositionHeaders.ascii(v), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextLong() >>> random.nextInt(64);
            assertThat(new String(PositionHeaders.ascii(v), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
    }
}
