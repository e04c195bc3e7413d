package com.csvtokafka.typed;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.Encoder;

/**
 * One Avro type a CSV value converts to: how its text is read ({@link #parse}), and how the value is written as
 * an Avro datum, as typed JSON, and as Avro's generic representation (for {@code verify}). Built once per field;
 * everything a value needs (enum symbols, decimal scale, the timestamp reader) is looked up here, not per row.
 *
 * <p>Values between {@link #parse} and the writers: String (string, uuid), Integer (int, date as days, enum as its
 * index), Long (long, time-millis as microseconds of the day, timestamps as microseconds), Float, Double, Boolean,
 * byte[] (bytes), BigDecimal at exactly the schema's scale (decimal).
 */
final class ValueType {
    enum Kind { STRING, INT, LONG, FLOAT, DOUBLE, BOOLEAN, BYTES, ENUM, DATE, TIME_MILLIS, TIMESTAMP_MILLIS,
        TIMESTAMP_MICROS, DECIMAL, UUID }

    final Kind kind;
    final Schema schema;
    private final Temporal temporal;
    private final Map<String, Integer> symbols;
    private final int precision;
    private final int scale;
    /** The size of a fixed decimal; 0 for a bytes decimal. */
    private final int fixedSize;

    private ValueType(Kind kind, Schema schema, Temporal temporal) {
        this.kind = kind;
        this.schema = schema;
        this.temporal = temporal;
        if (kind == Kind.ENUM) {
            symbols = new HashMap<>();
            List<String> all = schema.getEnumSymbols();
            for (int i = 0; i < all.size(); i++) {
                symbols.put(all.get(i), i);
            }
        } else {
            symbols = null;
        }
        if (kind == Kind.DECIMAL) {
            LogicalTypes.Decimal d = (LogicalTypes.Decimal) schema.getLogicalType();
            precision = d.getPrecision();
            scale = d.getScale();
            fixedSize = schema.getType() == Schema.Type.FIXED ? schema.getFixedSize() : 0;
        } else {
            precision = 0;
            scale = 0;
            fixedSize = 0;
        }
    }

    /** The type of a (non-null) schema; an IllegalArgumentException names what is not supported. */
    static ValueType of(Schema s, String field, Temporal temporal) {
        LogicalType logical = s.getLogicalType();
        if (logical != null) {
            switch (logical.getName()) {
                case "date":
                    return new ValueType(Kind.DATE, s, temporal);
                case "time-millis":
                    return new ValueType(Kind.TIME_MILLIS, s, temporal);
                case "timestamp-millis":
                    return new ValueType(Kind.TIMESTAMP_MILLIS, s, temporal);
                case "timestamp-micros":
                    return new ValueType(Kind.TIMESTAMP_MICROS, s, temporal);
                case "decimal":
                    return new ValueType(Kind.DECIMAL, s, temporal);
                case "uuid":
                    if (s.getType() == Schema.Type.STRING) {
                        return new ValueType(Kind.UUID, s, temporal);
                    }
                    break;
                default:
                    break;
            }
            throw unsupported(field, s, "logical type " + logical.getName() + " on " + s.getType().getName());
        }
        return switch (s.getType()) {
            case STRING -> new ValueType(Kind.STRING, s, temporal);
            case INT -> new ValueType(Kind.INT, s, temporal);
            case LONG -> new ValueType(Kind.LONG, s, temporal);
            case FLOAT -> new ValueType(Kind.FLOAT, s, temporal);
            case DOUBLE -> new ValueType(Kind.DOUBLE, s, temporal);
            case BOOLEAN -> new ValueType(Kind.BOOLEAN, s, temporal);
            case BYTES -> new ValueType(Kind.BYTES, s, temporal);
            case ENUM -> new ValueType(Kind.ENUM, s, temporal);
            default -> throw unsupported(field, s, s.getType().getName());
        };
    }

    private static IllegalArgumentException unsupported(String field, Schema s, String what) {
        return new IllegalArgumentException("--schema: field " + field + " has type " + what + ", which a CSV value "
                + "does not convert to; supported: string, int, long, float, double, boolean, bytes (base64), enum, "
                + "[\"null\", T], and the logical types date, time-millis, timestamp-millis, timestamp-micros, "
                + "decimal (bytes or fixed) and uuid (string)");
    }

    /** The type as messages name it: long, timestamp-millis, decimal(12,2), enum Status. */
    String describe() {
        return switch (kind) {
            case DECIMAL -> "decimal(" + precision + "," + scale + ")";
            case ENUM -> "enum " + schema.getName();
            default -> schema.getLogicalType() != null ? schema.getLogicalType().getName() : schema.getType().getName();
        };
    }

    /** True for the types an empty field is a value of (the empty string, no bytes) rather than a missing value. */
    boolean emptyIsValue() {
        return kind == Kind.STRING || kind == Kind.BYTES;
    }

    /** Reads a CSV value (not null, not missing). */
    Object parse(String s) throws BadValue {
        switch (kind) {
            case STRING:
                return s;
            case INT:
                return parseInt(s);
            case LONG:
                return parseLong(s);
            case FLOAT: {
                double d = parseDouble(s);
                float f = (float) d;
                if (Float.isInfinite(f) && !Double.isInfinite(d)) {
                    throw new BadValue("out of range for float (at most ±" + Float.MAX_VALUE + ")");
                }
                return f;
            }
            case DOUBLE:
                return parseDouble(s);
            case BOOLEAN:
                return parseBoolean(s);
            case BYTES:
                try {
                    return Base64.getDecoder().decode(s);
                } catch (IllegalArgumentException e) {
                    throw new BadValue("not base64 (bytes are written in base64 in the CSV): " + e.getMessage());
                }
            case ENUM:
                return parseEnum(s);
            case DATE:
                return Temporal.date(s);
            case TIME_MILLIS: {
                long micros = Temporal.time(s);
                if (micros % 1000 != 0) {
                    throw new BadValue("more precise than time-millis keeps (milliseconds); it is not rounded");
                }
                return (int) (micros / 1000);
            }
            case TIMESTAMP_MILLIS: {
                long micros = temporal.timestamp(s);
                if (micros % 1000 != 0) {
                    throw new BadValue("more precise than timestamp-millis keeps (milliseconds); it is not rounded");
                }
                return micros / 1000;
            }
            case TIMESTAMP_MICROS:
                return temporal.timestamp(s);
            case DECIMAL:
                return parseDecimal(s);
            case UUID:
                return parseUuid(s);
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    private static int parseInt(String s) throws BadValue {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            try {
                Long.parseLong(s);
                throw new BadValue("out of range for int (" + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")");
            } catch (NumberFormatException notLong) {
                throw notInteger(s, "int");
            }
        }
    }

    private static long parseLong(String s) throws BadValue {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw notInteger(s, "long");
        }
    }

    private static BadValue notInteger(String s, String type) {
        if (isDigits(s)) {
            return new BadValue("out of range for " + type + (type.equals("long")
                    ? " (" + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")" : ""));
        }
        return new BadValue("not an integer (" + type + ")");
    }

    private static boolean isDigits(String s) {
        int start = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        if (s.length() == start) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A decimal number, an exponent allowed, NaN and [-]Infinity; not Java's extras (hex, 1d, 1f, spaces). */
    private static double parseDouble(String s) throws BadValue {
        int n = s.length();
        if (n == 0 || s.charAt(0) <= ' ' || s.charAt(n - 1) <= ' ') {
            throw new BadValue("not a number");
        }
        char last = s.charAt(n - 1);
        boolean word = s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity") || s.equals("+Infinity");
        if (!word && !(last >= '0' && last <= '9' || last == '.')) {
            throw new BadValue("not a number");
        }
        for (int i = 0; i < n && !word; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                throw new BadValue("not a number");
            }
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new BadValue("not a number");
        }
    }

    private static boolean parseBoolean(String s) throws BadValue {
        if (s.equalsIgnoreCase("true") || s.equals("1")) {
            return true;
        }
        if (s.equalsIgnoreCase("false") || s.equals("0")) {
            return false;
        }
        throw new BadValue("not a boolean (true/false in any case, or 1/0)");
    }

    private int parseEnum(String s) throws BadValue {
        Integer index = symbols.get(s);
        if (index != null) {
            return index;
        }
        for (String symbol : symbols.keySet()) {
            if (symbol.equalsIgnoreCase(s)) {
                throw new BadValue("not a symbol of enum " + schema.getName() + "; symbols are case-sensitive and "
                        + symbol + " differs only in case");
            }
        }
        throw new BadValue("not a symbol of enum " + schema.getName() + " " + schema.getEnumSymbols());
    }

    private BigDecimal parseDecimal(String s) throws BadValue {
        BigDecimal d;
        try {
            if (s.isEmpty() || s.charAt(0) <= ' ' || s.charAt(s.length() - 1) <= ' ') {
                throw new NumberFormatException();
            }
            d = new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new BadValue("not a decimal number");
        }
        BigDecimal scaled;
        try {
            scaled = d.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new BadValue("has more fraction digits than decimal(" + precision + "," + scale + ") keeps ("
                    + scale + "); it is not rounded");
        }
        if (scaled.precision() > precision && scaled.signum() != 0) {
            throw new BadValue("has more digits than decimal(" + precision + "," + scale + ") keeps (" + precision
                    + " in all, " + (precision - scale) + " before the point)");
        }
        if (fixedSize > 0 && scaled.unscaledValue().bitLength() + 1 > fixedSize * 8) {
            throw new BadValue("does not fit the " + fixedSize + " bytes of fixed " + schema.getName());
        }
        return scaled;
    }

    private static String parseUuid(String s) throws BadValue {
        if (s.length() != 36) {
            throw new BadValue("not a UUID (8-4-4-4-12 hexadecimal digits)");
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                throw new BadValue("not a UUID (8-4-4-4-12 hexadecimal digits)");
            }
        }
        return s.toLowerCase(java.util.Locale.ROOT);
    }

    /** A field's default as Avro gives it ({@link Schema.Field#defaultVal()}) as a value of this type. */
    Object fromDefault(Object d) {
        if (d == null || d == JsonProperties.NULL_VALUE) {
            return null;
        }
        return switch (kind) {
            case STRING, UUID -> d.toString();
            case INT, DATE, TIME_MILLIS -> ((Number) d).intValue();
            case LONG, TIMESTAMP_MILLIS, TIMESTAMP_MICROS -> ((Number) d).longValue();
            case FLOAT -> ((Number) d).floatValue();
            case DOUBLE -> ((Number) d).doubleValue();
            case BOOLEAN -> d;
            case BYTES -> d instanceof byte[] b ? b : d.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            case ENUM -> symbols.get(d.toString());
            case DECIMAL -> new BigDecimal(new BigInteger(d instanceof byte[] b ? b
                    : d.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)), scale);
        };
    }

    void writeAvro(Object v, Encoder out) throws IOException {
        switch (kind) {
            case STRING, UUID -> out.writeString((String) v);
            case INT, DATE, TIME_MILLIS -> out.writeInt((Integer) v);
            case LONG, TIMESTAMP_MILLIS, TIMESTAMP_MICROS -> out.writeLong((Long) v);
            case FLOAT -> out.writeFloat((Float) v);
            case DOUBLE -> out.writeDouble((Double) v);
            case BOOLEAN -> out.writeBoolean((Boolean) v);
            case BYTES -> out.writeBytes((byte[]) v);
            case ENUM -> out.writeEnum((Integer) v);
            case DECIMAL -> {
                if (fixedSize > 0) {
                    out.writeFixed(fixed((BigDecimal) v));
                } else {
                    out.writeBytes(((BigDecimal) v).unscaledValue().toByteArray());
                }
            }
        }
    }

    /** The unscaled value, big-endian two's complement sign-extended to the fixed size. */
    private byte[] fixed(BigDecimal v) {
        byte[] minimal = v.unscaledValue().toByteArray();
        byte[] out = new byte[fixedSize];
        byte fill = (byte) (v.signum() < 0 ? 0xff : 0);
        int pad = fixedSize - minimal.length;
        for (int i = 0; i < pad; i++) {
            out[i] = fill;
        }
        System.arraycopy(minimal, 0, out, pad, minimal.length);
        return out;
    }

    void writeJson(Object v, JsonGenerator g) throws IOException {
        switch (kind) {
            case STRING, UUID -> g.writeString((String) v);
            case INT -> g.writeNumber((Integer) v);
            case LONG -> g.writeNumber((Long) v);
            case FLOAT -> g.writeNumber((Float) v);
            case DOUBLE -> g.writeNumber((Double) v);
            case BOOLEAN -> g.writeBoolean((Boolean) v);
            case BYTES -> g.writeString(Base64.getEncoder().encodeToString((byte[]) v));
            case ENUM -> g.writeString(schema.getEnumSymbols().get((Integer) v));
            case DATE -> g.writeString(Temporal.formatDate((Integer) v));
            case TIME_MILLIS -> g.writeString(Temporal.formatTime((Integer) v * 1000L));
            case TIMESTAMP_MILLIS -> g.writeString(Temporal.formatTimestamp((Long) v * 1000L));
            case TIMESTAMP_MICROS -> g.writeString(Temporal.formatTimestamp((Long) v));
            case DECIMAL -> g.writeNumber((BigDecimal) v);
        }
    }

    /** The value as Avro's GenericDatumReader gives it without conversions, for comparing with what it read. */
    Object generic(Object v) {
        return switch (kind) {
            case BYTES -> ByteBuffer.wrap((byte[]) v);
            case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get((Integer) v));
            case DECIMAL -> fixedSize > 0 ? new GenericData.Fixed(schema, fixed((BigDecimal) v))
                    : ByteBuffer.wrap(((BigDecimal) v).unscaledValue().toByteArray());
            default -> v;
        };
    }

    /** Epoch milliseconds of a date or timestamp value, for {@code --timestamp column:NAME}; -1 when not temporal. */
    boolean temporalInstant() {
        return kind == Kind.DATE || kind == Kind.TIMESTAMP_MILLIS || kind == Kind.TIMESTAMP_MICROS;
    }

    long epochMillis(Object v) {
        return switch (kind) {
            case DATE -> (Integer) v * 86_400_000L;
            case TIMESTAMP_MILLIS -> (Long) v;
            case TIMESTAMP_MICROS -> Math.floorDiv((Long) v, 1000L);
            default -> throw new IllegalStateException(kind.name());
        };
    }
}
