package com.csvtokafka.verify;

import com.csvtokafka.typed.SchemaRegistryClient;
import com.csvtokafka.typed.TypedRows;
import com.csvtokafka.typed.TypedSchema;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * How a typed record is compared with its row: typed JSON parsed by Jackson and compared as trees (numbers by
 * value: 1.50 equals 1.5); Avro decoded by Avro's own {@link GenericDatumReader} — single-object encoding
 * (its fingerprint must be the schema's) or the Confluent wire format (the writer's schema fetched from the
 * registry by id) — and compared with the row's generic record by {@link GenericData#compare}.
 */
final class TypedComparison {
    private static final ObjectMapper JACKSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    private final TypedSchema schema;
    private final boolean avro;
    private final SchemaRegistryClient registry;
    private final Map<Integer, GenericDatumReader<GenericRecord>> byId = new HashMap<>();
    private final GenericDatumReader<GenericRecord> own;
    private BinaryDecoder decoder;

    /** @param registry the registry of records in the Confluent wire format; null when there is none */
    TypedComparison(TypedSchema schema, boolean avro, SchemaRegistryClient registry) {
        this.schema = schema;
        this.avro = avro;
        this.registry = registry;
        this.own = new GenericDatumReader<>(schema.avro());
    }

    boolean avro() {
        return avro;
    }

    /** Whether {@code actual} holds the row {@code rows} converted last (whose own value is {@code expected}). */
    boolean matches(TypedRows rows, byte[] expected, byte[] actual) {
        try {
            if (!avro) {
                return JACKSON.readTree(expected).equals(BY_VALUE, JACKSON.readTree(actual));
            }
            GenericRecord found = decode(actual);
            return found != null && GenericData.get().compare(rows.generic(), found, schema.avro()) == 0;
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            return false; // not JSON, not a datum of the schema: a mismatch, reported with the record's bytes
        }
    }

    private GenericRecord decode(byte[] value) throws IOException {
        GenericDatumReader<GenericRecord> reader;
        int from;
        if (value.length >= 10 && value[0] == (byte) 0xC3 && value[1] == 0x01) {
            long fingerprint = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (fingerprint != schema.fingerprint()) {
                return null;
            }
            reader = own;
            from = 10;
        } else if (value.length >= 5 && value[0] == 0 && registry != null) {
            reader = reader(ByteBuffer.wrap(value, 1, 4).getInt());
            from = 5;
        } else {
            return null;
        }
        decoder = DecoderFactory.get().binaryDecoder(value, from, value.length - from, decoder);
        GenericRecord record = reader.read(null, decoder);
        return decoder.isEnd() ? record : null;
    }

    private GenericDatumReader<GenericRecord> reader(int id) {
        return byId.computeIfAbsent(id, i -> {
            try {
                return new GenericDatumReader<>(new Schema.Parser().parse(registry.schemaById(i)), schema.avro());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
