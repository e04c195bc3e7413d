package com.csvtokafka.csv;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a JSON object — a Kafka record's value — as one CSV row of the named columns in a dialect, so that it goes
 * on as a row of a file would ({@link ValueFramer}, then the job's record shaping). Each column is the member of
 * its name: a string is its text, quoted when the dialect needs it and when it is empty or the null marker (so that
 * it stays a string, as {@code ""} and a quoted marker do in a file); a number or boolean its JSON text as written
 * ({@code 1.50} stays {@code 1.50}); an object or array its compact JSON text. A member that is null or missing is an
 * empty unquoted field: null for a nullable typed field, an empty string otherwise. Members not named are ignored.
 *
 * <p>Not a row, with the reason: a value that is not JSON, not an object, an object with a member twice, or with
 * more after it. The row is UTF-8, as JSON is.
 */
public final class JsonObjectRow {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper TREES = new ObjectMapper(JSON);

    private final Map<String, Integer> columns = new HashMap<>();
    private final char delimiter;
    private final char quote;
    private final String nullValue;
    private final String[] values;
    private final boolean[] strings;

    /**
     * @param columns   the columns' names, in row order
     * @param nullValue the text that means null ({@code --null-value}), or null
     */
    public JsonObjectRow(List<String> columns, CsvDialect dialect, String nullValue) {
        for (int i = 0; i < columns.size(); i++) {
            this.columns.put(columns.get(i), i);
        }
        this.delimiter = (char) (dialect.delimiter() & 0xff);
        this.quote = (char) (dialect.quote() & 0xff);
        this.nullValue = nullValue;
        this.values = new String[columns.size()];
        this.strings = new boolean[columns.size()];
    }

    /** Why a value is not a row. */
    public static final class NotARow extends Exception {
        NotARow(String message) {
            super(message);
        }
    }

    /** The CSV row (UTF-8, no line terminator) of the JSON object {@code value}. */
    public byte[] row(byte[] value) throws NotARow {
        Arrays.fill(values, null);
        try (JsonParser p = JSON.createParser(value)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new NotARow("the value is not a JSON object but " + (first == null ? "empty" : what(first)));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                Integer column = columns.get(p.currentName());
                JsonToken token = p.nextToken();
                if (column == null) {
                    p.skipChildren();
                } else {
                    read(p, token, column);
                }
            }
            if (p.nextToken() != null) {
                throw new NotARow("the value holds more than one JSON value (more after the object, at byte offset "
                        + p.currentTokenLocation().getByteOffset() + ")");
            }
        } catch (JsonProcessingException e) {
            throw new NotARow("the value is not valid JSON: " + e.getOriginalMessage() + " (at byte offset "
                    + (e.getLocation() == null ? "?" : e.getLocation().getByteOffset()) + ")");
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array failed", e);
        }
        return write();
    }

    private void read(JsonParser p, JsonToken token, int column) throws IOException {
        strings[column] = token == JsonToken.VALUE_STRING;
        values[column] = switch (token) {
            case VALUE_NULL -> null;
            case START_OBJECT, START_ARRAY -> TREES.readTree(p).toString();
            default -> p.getText(); // a string's text; a number's or boolean's JSON text as written
        };
    }

    private byte[] write() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(delimiter);
            }
            String v = values[i];
            if (v == null) {
                continue;
            }
            if (needsQuotes(v, strings[i])) {
                out.append(quote);
                for (int c = 0; c < v.length(); c++) {
                    char ch = v.charAt(c);
                    if (ch == quote) {
                        out.append(quote);
                    }
                    out.append(ch);
                }
                out.append(quote);
            } else {
                out.append(v);
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Quoted where the dialect needs it (delimiter, quote, line ends), where it would read as null unquoted (an empty
     * string, the null marker), and at a leading byte-order mark (which a row's first bytes would lose).
     */
    private boolean needsQuotes(String v, boolean string) {
        if (string && (v.isEmpty() || v.equals(nullValue))) {
            return true;
        }
        if (!v.isEmpty() && v.charAt(0) == '\uFEFF') {
            return true;
        }
        for (int c = 0; c < v.length(); c++) {
            char ch = v.charAt(c);
            if (ch == delimiter || ch == quote || ch == '\n' || ch == '\r') {
                return true;
            }
        }
        return false;
    }

    private static String what(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString();
        };
    }
}
