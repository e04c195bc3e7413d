package com.csvtokafka.verify;

import com.csvtokafka.position.AnchorCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What a faithful copy keeps of a Kafka record, as SHA-256 digests: its key, its value, the source's headers (names,
 * values, order) and its timestamp; null and empty differ. A copy on the target carries our own headers after the
 * source's ({@link AnchorCodec#isOwnHeader}: provenance, anchors). Its fingerprint holds a headers digest for every
 * place where the source's headers may end — the start of the trailing run of our names and each header after it —
 * so it matches a source record whose own last headers merely look like ours, and a look-alike in the middle is
 * never taken for ours.
 */
final class Fingerprint {
    /** Where a copy says it came from ({@code src.*} in its trailing headers). */
    record Provenance(String topic, int partition, long offset) {
    }

    private final int partition;
    private final long offset;
    private final byte[] key;
    private final byte[] value;
    /** headerCuts.get(i): the digest of the first {@code firstCut + i} headers. */
    private final List<byte[]> headerCuts;
    private final int firstCut;
    private final long timestamp;
    private final Provenance provenance;

    private Fingerprint(ConsumerRecord<byte[], byte[]> r, boolean copy) {
        this.partition = r.partition();
        this.offset = r.offset();
        this.key = field(r.key());
        this.value = field(r.value());
        this.timestamp = r.timestamp();
        Header[] headers = r.headers().toArray();
        int cut = headers.length;
        while (copy && cut > 0 && AnchorCodec.isOwnHeader(headers[cut - 1].key())) {
            cut--;
        }
        this.firstCut = cut;
        this.headerCuts = new ArrayList<>();
        MessageDigest digest = sha256();
        for (int i = 0; i < headers.length; i++) {
            if (i >= cut) {
                headerCuts.add(copyOf(digest).digest());
            }
            update(digest, headers[i]);
        }
        headerCuts.add(digest.digest());
        this.provenance = copy ? provenance(Arrays.copyOfRange(headers, cut, headers.length)) : null;
    }

    /** A record of the source: all its headers are the source's. */
    static Fingerprint ofSource(ConsumerRecord<byte[], byte[]> r) {
        return new Fingerprint(r, false);
    }

    /** A record of the target: the trailing run of our header names may follow the source's headers. */
    static Fingerprint ofCopy(ConsumerRecord<byte[], byte[]> r) {
        return new Fingerprint(r, true);
    }

    int partition() {
        return partition;
    }

    long offset() {
        return offset;
    }

    /** The provenance headers of a copy; null when it has none (--headers min) or for a source record. */
    Provenance provenance() {
        return provenance;
    }

    /** The key's identity, for per-key order; null for a null key. */
    ByteBuffer keyId() {
        return key.length == 1 ? null : ByteBuffer.wrap(key);
    }

    private int sourceHeaderCount() {
        return firstCut + headerCuts.size() - 1;
    }

    /** The digest of this record's first {@code count} headers, when they may be all the source's; else null. */
    private byte[] headers(int count) {
        return count < firstCut || count >= firstCut + headerCuts.size() ? null : headerCuts.get(count - firstCut);
    }

    /** What differs between this copy and {@code source}: any of key, value, headers, timestamp; empty when none. */
    List<String> differences(Fingerprint source) {
        List<String> differ = new ArrayList<>();
        if (!Arrays.equals(key, source.key)) {
            differ.add("key");
        }
        if (!Arrays.equals(value, source.value)) {
            differ.add("value");
        }
        if (!Arrays.equals(headers(source.sourceHeaderCount()), source.headers(source.sourceHeaderCount()))) {
            differ.add("headers");
        }
        if (timestamp != source.timestamp) {
            differ.add("timestamp");
        }
        return differ;
    }

    boolean copies(Fingerprint source) {
        return differences(source).isEmpty();
    }

    /**
     * The record's digest for its side's ordered digest: a copy of {@code source} counts the source's headers only
     * (our own after them left out); a copy of nothing known (null) leaves out the whole trailing run of our names.
     */
    byte[] digest(Fingerprint source) {
        int count = source != null && copies(source) ? source.sourceHeaderCount() : firstCut;
        MessageDigest digest = sha256();
        digest.update(key);
        digest.update(value);
        digest.update(headers(count));
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(timestamp).array());
        return digest.digest();
    }

    /** A source record's digest. */
    byte[] digest() {
        return digest(null);
    }

    private static Provenance provenance(Header[] ours) {
        String topic = null;
        String sourcePartition = null;
        String sourceOffset = null;
        for (Header h : ours) {
            String text = h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
            switch (h.key()) {
                case AnchorCodec.SRC_TOPIC -> topic = text;
                case AnchorCodec.SRC_PARTITION -> sourcePartition = text;
                case AnchorCodec.SRC_OFFSET -> sourceOffset = text;
                default -> { }
            }
        }
        if (sourcePartition == null || sourceOffset == null) {
            return null;
        }
        try {
            return new Provenance(topic, Integer.parseInt(sourcePartition), Long.parseLong(sourceOffset));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The digest of a key or value; null and empty differ. */
    private static byte[] field(byte[] bytes) {
        if (bytes == null) {
            return new byte[] {0};
        }
        MessageDigest digest = sha256();
        digest.update((byte) 1);
        return digest.digest(bytes);
    }

    private static void update(MessageDigest digest, Header header) {
        byte[] name = header.key().getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(name.length).array());
        digest.update(name);
        byte[] v = header.value();
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(v == null ? -1 : v.length).array());
        if (v != null) {
            digest.update(v);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static MessageDigest copyOf(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests of this JVM cannot be cloned", e);
        }
    }
}
