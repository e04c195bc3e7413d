package com.csvtokafka.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.RowFramer;
import com.csvtokafka.source.RecordBatch;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
    private static final ReadAhead.Converter VALUES = (row, into) -> {
        String value = new String(row.copyBytes(), StandardCharsets.UTF_8);
        boolean bad = value.startsWith("bad");
        into.add(row.number(), row.offset(), row.nextOffset(), bad ? null : new ProducerRecord<>("t", value.getBytes(StandardCharsets.UTF_8)),
                bad ? "bad row" : null, null);
    };

    @Test
    void handsOnEveryRowInFileOrderWithItsOffsetsAcrossManyBatches() throws Exception {
        StringBuilder csv = new StringBuilder();
        int rows = RecordBatch.CAPACITY * 5 + 17;
        for (int i = 1; i <= rows; i++) {
            csv.append(i % 1000 == 0 ? "bad" + i : "row" + i).append('\n');
        }
        byte[] data = csv.toString().getBytes(StandardCharsets.UTF_8);
        List<String> seen = new ArrayList<>();
        long expectedOffset = 0;
        try (ReadAhead ahead = new ReadAhead(framer(new ByteArrayInputStream(data)), VALUES, "test-reader").start()) {
            while (true) {
                RecordBatch b = next(ahead);
                for (int i = 0; i < b.size; i++) {
                    assertThat(b.number[i]).isEqualTo(seen.size() + 1);
                    assertThat(b.offset[i]).isEqualTo(expectedOffset);
                    String value = b.record[i] != null ? new String(b.record[i].value(), StandardCharsets.UTF_8) : "bad";
                    seen.add(b.error[i] == null ? value : "bad" + b.number[i]);
                    expectedOffset = b.next[i];
                }
                boolean end = b.end;
                assertThat(b.failure).isNull();
                ahead.recycle(b);
                if (end) {
                    break;
                }
            }
        }
        assertThat(seen).hasSize(rows);
        assertThat(seen.get(999)).isEqualTo("bad1000");
        assertThat(seen.get(rows - 1)).isEqualTo("row" + rows);
        assertThat(expectedOffset).isEqualTo(data.length);
    }

    @Test
    void rowsAlreadyReadAreHandedOnBeforeWaitingForASlowSource() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        byte[] first = "a\nb\n".getBytes(StandardCharsets.UTF_8);
        InputStream slow = new InputStream() {
            private int served;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served == 0) {
                    served = 1;
                    System.arraycopy(first, 0, b, off, first.length);
                    return first.length;
                }
                try {
                    release.await(); // the rest of the source is slow in coming
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return -1;
            }
        };
        try (ReadAhead ahead = new ReadAhead(framer(slow), VALUES, "test-reader").start()) {
            RecordBatch b = next(ahead);
            assertThat(b.size).isEqualTo(2);
            assertThat(b.end).isFalse();
            ahead.recycle(b);
            release.countDown();
            RecordBatch last = next(ahead);
            assertThat(last.end).isTrue();
        }
    }

    @Test
    void aReadFailureComesAfterTheRowsBeforeIt() throws Exception {
        InputStream failing = new InputStream() {
            private boolean served;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!served) {
                    served = true;
                    byte[] rows = "a\nb\n".getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(rows, 0, b, off, rows.length);
                    return rows.length;
                }
                throw new IOException("connection reset");
            }
        };
        try (ReadAhead ahead = new ReadAhead(framer(failing), VALUES, "test-reader").start()) {
            int rows = 0;
            Exception failure = null;
            while (failure == null) {
                RecordBatch b = next(ahead);
                rows += b.size;
                failure = b.failure;
                assertThat(b.end).isFalse();
                ahead.recycle(b);
            }
            assertThat(rows).isEqualTo(2);
            assertThat(failure).isInstanceOf(IOException.class).hasMessage("connection reset");
        }
    }

    @Test
    void aStalledSourceHandsOnNothingAndCloseEndsTheReader() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        InputStream stalled = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw new IOException("interrupted");
                }
                return -1;
            }
        };
        ReadAhead ahead = new ReadAhead(framer(stalled), VALUES, "test-reader").start();
        assertThat(ahead.poll()).isNull(); // nothing to hand on while the source stalls
        ahead.close();
        assertThat(interrupted).isTrue(); // the reading thread was woken from its wait and ended
    }

    private static RecordBatch next(ReadAhead ahead) throws InterruptedException {
        while (true) {
            RecordBatch b = ahead.poll();
            if (b != null) {
                return b;
            }
        }
    }

    private static RowFramer framer(InputStream in) {
        return new RowFramer(in, 0, 1, new CsvDialect((byte) ',', (byte) '"', StandardCharsets.UTF_8, false), 1 << 20);
    }
}
