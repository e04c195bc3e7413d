package com.csvtokafka.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The seed's design, measured the way bin/bench measures the rest: an idempotent producer, one synchronous
 * {@code send().get()} per line, a checkpoint file rewritten every 10,000 rows.
 * <pre>  SeedLoop BOOTSTRAP TOPIC FILE ROWS CHECKPOINT_FILE</pre>
 * Prints "ROWS SECONDS" (the send loop only). The file has one row per line and a header line, which is skipped.
 */
public final class SeedLoop {

    private static final int CHECKPOINT_EVERY = 10_000;

    private SeedLoop() {
    }

    public static void main(String[] args) throws IOException, InterruptedException, ExecutionException {
        if (args.length != 5) {
            System.err.println("usage: SeedLoop BOOTSTRAP TOPIC FILE ROWS CHECKPOINT_FILE");
            System.exit(2);
        }
        String topic = args[1];
        long rows = Long.parseLong(args[3]);
        Path checkpoint = Path.of(args[4]);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // the client's default before Kafka 4.0 (now 5 ms, which a synchronous send waits out on every row)
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
             BufferedReader in = Files.newBufferedReader(Path.of(args[2]), StandardCharsets.UTF_8)) {
            in.readLine();
            long started = System.nanoTime();
            long sent = 0;
            String line;
            while (sent < rows && (line = in.readLine()) != null) {
                producer.send(new ProducerRecord<>(topic, 0, null, line.getBytes(StandardCharsets.UTF_8))).get();
                if (++sent % CHECKPOINT_EVERY == 0) {
                    Files.writeString(checkpoint, Long.toString(sent));
                }
            }
            System.out.printf("%d %.3f%n", sent, (System.nanoTime() - started) / 1e9);
        }
    }
}
