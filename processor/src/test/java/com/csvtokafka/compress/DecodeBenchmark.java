package com.csvtokafka.compress;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Not a test (benchmarks measure, tests check): decode throughput of each compressed file given, on the calling
 * thread and on its own thread ({@link DecodeAhead}), decoding alone and decoding while the caller frames rows, the
 * library's own stream as a reference, and the cost of a resume near the end (from the start and from the last
 * member before it). Besides the wall time (noisy on a shared machine), the CPU time of the calling thread, which is
 * what decoding on its own thread takes off the thread that frames and sends rows.
 *
 * <pre>java -cp processor/target/test-classes:processor/target/classes:$(deps) com.csvtokafka.compress.DecodeBenchmark FILE...</pre>
 */
public final class DecodeBenchmark {
    private static final int RUNS = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private DecodeBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        for (String name : args) {
            Path file = Path.of(name);
            Compression format;
            try (InputStream in = Files.newInputStream(file)) {
                byte[] head = in.readNBytes(Compression.MAGIC_BYTES);
                format = Compression.detect(head, head.length);
            }
            long decoded = drain(DecodedInput.open(opener(file), format, Seek.START, 0));
            System.out.printf(Locale.ROOT, "%s: %s, %,d compressed bytes, %,d decoded%n", file.getFileName(), format,
                    Files.size(file), decoded);
            report("  decode, caller's thread", decoded, () -> drain(DecodedInput.open(opener(file), format, Seek.START, 0)));
            report("  decode, own thread", decoded, () -> drain(DecodedInput.open(opener(file), format, Seek.START, 0, true)));
            report("  library stream (reference)", decoded, () -> drain(reference(file, format)));
            report("  decode + frame rows, one thread", decoded,
                    () -> frame(DecodedInput.open(opener(file), format, Seek.START, 0)));
            report("  decode on own thread + frame rows", decoded,
                    () -> frame(DecodedInput.open(opener(file), format, Seek.START, 0, true)));
            resume(file, format, decoded);
        }
    }

    private static void resume(Path file, Compression format, long decoded) throws IOException {
        long target = decoded * 9 / 10;
        Seek seek;
        try (DecodedInput in = DecodedInput.open(opener(file), format, Seek.START, 0)) {
            in.skipNBytes(target);
            seek = in.seekFor(target);
        }
        for (Seek from : seek.equals(Seek.START) ? new Seek[] {Seek.START} : new Seek[] {Seek.START, seek}) {
            long started = System.nanoTime();
            try (DecodedInput in = DecodedInput.open(opener(file), format, from, target)) {
                in.read();
                System.out.printf(Locale.ROOT, "  resume at 90%% (decoded byte %,d) from %s: skipped %,d bytes in %.2f s,"
                                + " first byte after %.2f s%n", target, from, in.skipped().bytes(),
                        in.skipped().took().toNanos() / 1e9, (System.nanoTime() - started) / 1e9);
            }
        }
    }

    interface Run {
        long run() throws IOException;
    }

    private static void report(String what, long bytes, Run run) throws IOException {
        run.run(); // warm-up
        double[] seconds = new double[RUNS];
        double[] callerCpu = new double[RUNS];
        double[] processCpu = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long started = System.nanoTime();
            long threadCpu = THREADS.getCurrentThreadCpuTime();
            long cpu = PROCESS.getProcessCpuTime();
            long n = run.run();
            seconds[i] = (System.nanoTime() - started) / 1e9;
            callerCpu[i] = (THREADS.getCurrentThreadCpuTime() - threadCpu) / 1e9;
            processCpu[i] = (PROCESS.getProcessCpuTime() - cpu) / 1e9;
            if (n != bytes) {
                throw new IllegalStateException(what + ": " + n + " bytes, expected " + bytes);
            }
        }
        Arrays.sort(seconds);
        Arrays.sort(callerCpu);
        Arrays.sort(processCpu);
        System.out.printf(Locale.ROOT, "%-36s %7.1f MB/s (wall median %.2f s, best %.2f s); CPU: caller's thread %.2f s,"
                        + " process %.2f s%n", what, bytes / 1e6 / seconds[RUNS / 2], seconds[RUNS / 2], seconds[0],
                callerCpu[RUNS / 2], processCpu[RUNS / 2]);
    }

    private static RawOpener opener(Path file) {
        return offset -> {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return Channels.newInputStream(channel);
        };
    }

    private static InputStream reference(Path file, Compression format) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return switch (format) {
            case GZIP -> new GZIPInputStream(raw, 1 << 16);
            case ZSTD -> new ZstdInputStreamNoFinalizer(raw);
            case BZIP2 -> new BZip2CompressorInputStream(raw, true);
            default -> raw;
        };
    }

    private static long drain(InputStream in) throws IOException {
        try (in) {
            byte[] buf = new byte[1 << 20];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
            }
            return total;
        }
    }

    /** Frames every row (as the engine's reading thread does) and returns the decoded bytes framed. */
    private static long frame(InputStream in) throws IOException {
        try (RowFramer framer = new RowFramer(in, 0, 0, CsvDialect.RFC4180, 1 << 20)) {
            Row row = new Row();
            long end = 0;
            while (framer.next(row)) {
                end = row.nextOffset();
            }
            return end;
        }
    }
}
