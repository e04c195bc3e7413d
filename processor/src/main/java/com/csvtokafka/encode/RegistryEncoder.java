package com.csvtokafka.encode;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.typed.SchemaRegistryClient;
import com.csvtokafka.typed.TypedOutput;
import com.csvtokafka.typed.TypedRows;
import com.csvtokafka.typed.TypedSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * {@code --format avro --schema --schema-registry}: the Confluent wire format (a zero byte, the schema id as 4 bytes
 * big-endian, the Avro datum). Read back with the writer's schema, fetched from the registry by the id each record
 * carries.
 */
public final class RegistryEncoder extends AvroEncoder {
    private final SchemaRegistryClient registry;
    private final Map<Integer, GenericDatumReader<GenericRecord>> byId = new HashMap<>();

    /**
     * @param prefixes {@link TypedOutput#confluent} of the ids registered for values and keys
     * @param registry where the writer's schema of a record is found by its id; null when nothing is read back
     */
    public RegistryEncoder(CsvDialect dialect, TypedRows rows, TypedSchema schema, TypedOutput prefixes,
                           SchemaRegistryClient registry) {
        super(dialect, rows, schema, prefixes);
        this.registry = registry;
    }

    /** A single-object value is read as {@link AvroEncoder} reads it. */
    @Override
    int prefixLength(byte[] value) {
        return registered(value) ? 5 : super.prefixLength(value);
    }

    @Override
    GenericDatumReader<GenericRecord> reader(byte[] value) throws IOException {
        if (!registered(value)) {
            return super.reader(value);
        }
        return byId.computeIfAbsent(ByteBuffer.wrap(value, 1, 4).getInt(), id -> {
            try {
                return new GenericDatumReader<>(new Schema.Parser().parse(registry.schemaById(id)), schema.avro());
            } catch (IOException e) {
                throw new UncheckedIOException(e); // the registry unreachable: an error, not a mismatch
            }
        });
    }

    private boolean registered(byte[] value) {
        return value.length >= 5 && value[0] == 0 && registry != null;
    }
}
