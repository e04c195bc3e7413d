package com.csvtokafka.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DecodeAheadTest {

    @Test
    void passesEveryByteInOrderWhateverTheBufferAndReadSizes() throws IOException {
        Random random = new Random(1);
        for (int round = 0; round < 50; round++) {
            byte[] data = new byte[random.nextInt(100_000)];
            random.nextBytes(data);
            int bufferSize = 1 + random.nextInt(5000);
            InputStream source = new ByteArrayInputStream(data) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, 1 + random.nextInt(3000)));
                }
            };
            try (DecodeAhead in = new DecodeAhead(source, 2 + random.nextInt(3), bufferSize, "test")) {
                assertThat(DecodedInputTest.readAll(in, new Random(round))).isEqualTo(data);
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void aFailureArrivesAfterTheBytesBeforeItAndStays() throws IOException {
        IOException failure = new IOException("disk on fire");
        InputStream source = new InputStream() {
            int left = 10_000;

            @Override
            public int read() throws IOException {
                if (left == 0) {
                    throw failure;
                }
                left--;
                return 'x';
            }
        };
        try (DecodeAhead in = new DecodeAhead(source, 3, 4096, "test")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThatThrownBy(() -> DecodedInputTest.copy(in, out)).isSameAs(failure);
            assertThat(out.size()).isEqualTo(10_000);
            assertThatThrownBy(in::read).isSameAs(failure);
        }
        RuntimeException bug = new IllegalStateException("bug");
        try (DecodeAhead in = new DecodeAhead(new InputStream() {
            @Override
            public int read() {
                throw bug;
            }
        }, 2, 10, "test")) {
            assertThatThrownBy(in::read).isSameAs(bug);
        }
    }

    @Test
    void closeStopsTheThreadAndClosesTheSource() throws IOException, InterruptedException {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'y';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'y');
                return len;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        DecodeAhead in = new DecodeAhead(endless, 2, 1000, "endless");
        assertThat(in.read(new byte[500])).isEqualTo(500);
        in.close();
        assertThat(closed).isTrue();
        assertThat(threadNamed("endless")).isFalse();
        assertThatThrownBy(in::read).hasMessageContaining("closed");
    }

    /** A read that ignores interrupts (a socket) is unblocked by closing the source under it. */
    @Test
    void closeUnblocksAReadThatIgnoresInterrupts() throws IOException, InterruptedException {
        CountDownLatch closedLatch = new CountDownLatch(1);
        InputStream stuck = new InputStream() {
            @Override
            public int read() throws IOException {
                while (true) {
                    try {
                        closedLatch.await();
                        throw new IOException("socket closed");
                    } catch (InterruptedException ignored) {
                        // as a blocking socket read does
                    }
                }
            }

            @Override
            public void close() {
                closedLatch.countDown();
            }
        };
        DecodeAhead in = new DecodeAhead(stuck, 2, 10, "stuck");
        long started = System.nanoTime();
        in.close();
        assertThat(closedLatch.getCount()).isZero();
        assertThat(threadNamed("stuck")).isFalse();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
    }

    private static boolean threadNamed(String name) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(name))) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
