package com.csvtokafka.typed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The prefixes that name the schemas of Avro values and keys: Avro's single-object encoding ({@code C3 01}, the
 * schema's CRC-64-AVRO fingerprint little-endian, as Avro's {@code BinaryMessageEncoder} writes it) or, with a schema
 * registry, the Confluent wire format (a zero byte, the schema id as 4 bytes big-endian). None for typed JSON.
 */
public record TypedOutput(byte[] valuePrefix, byte[] keyPrefix) {
    public static final TypedOutput NONE = new TypedOutput(new byte[0], new byte[0]);

    public static byte[] singleObject(long fingerprint) {
        return ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
                .putLong(fingerprint).array();
    }

    public static byte[] confluent(int schemaId) {
        return ByteBuffer.allocate(5).order(ByteOrder.BIG_ENDIAN).put((byte) 0).putInt(schemaId).array();
    }
}
