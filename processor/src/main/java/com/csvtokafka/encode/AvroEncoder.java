package com.csvtokafka.encode;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.Row;
import com.csvtokafka.typed.TypedOutput;
import com.csvtokafka.typed.TypedRows;
import com.csvtokafka.typed.TypedSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * {@code --format avro --schema}: an Avro datum after a prefix that names its schema — Avro's single-object encoding
 * here, the schema registry's wire format in {@link RegistryEncoder}. Read back by Avro's own
 * {@link GenericDatumReader} and compared with the row's generic record by {@link GenericData#compare}.
 */
public class AvroEncoder extends TypedEncoder {
    final TypedSchema schema;
    private final TypedOutput prefixes;
    private final GenericDatumReader<GenericRecord> own;
    private BinaryDecoder decoder;

    /** @param prefixes the prefixes of values and keys ({@link TypedOutput#singleObject} of their schemas) */
    public AvroEncoder(CsvDialect dialect, TypedRows rows, TypedSchema schema, TypedOutput prefixes) {
        super(dialect, rows);
        this.schema = schema;
        this.prefixes = prefixes;
        this.own = new GenericDatumReader<>(schema.avro());
    }

    @Override
    final byte[] write(Row row, Fields fields) {
        return rows.avro(prefixes.valuePrefix());
    }

    @Override
    final byte[] key() {
        return rows.avroKey(prefixes.keyPrefix());
    }

    @Override
    public final boolean holds(byte[] expected, byte[] actual) {
        try {
            GenericRecord found = decode(actual);
            return found != null && GenericData.get().compare(rows.generic(), found, schema.avro()) == 0;
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            return false; // not a datum of the schema: a mismatch, reported with the record's bytes
        }
    }

    /** The record a value holds, or null when its prefix names another schema. */
    private GenericRecord decode(byte[] value) throws IOException {
        int from = prefixLength(value);
        GenericDatumReader<GenericRecord> reader = from < 0 ? null : reader(value);
        if (reader == null) {
            return null;
        }
        decoder = DecoderFactory.get().binaryDecoder(value, from, value.length - from, decoder);
        GenericRecord record = reader.read(null, decoder);
        return decoder.isEnd() ? record : null;
    }

    /** The length of a value's prefix, or -1 when it has none of this family. */
    int prefixLength(byte[] value) {
        return value.length >= 10 && value[0] == (byte) 0xC3 && value[1] == 0x01 ? 10 : -1;
    }

    /** The reader of the datum after the prefix, or null when the prefix names another schema than the job's. */
    GenericDatumReader<GenericRecord> reader(byte[] value) throws IOException {
        long fingerprint = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return fingerprint == schema.fingerprint() ? own : null;
    }
}
