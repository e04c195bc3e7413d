package com.csvtokafka.events;

import com.csvtokafka.position.Position;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Set;

/**
 * {@code --events FILE|-}: every event as one JSON object per line (JSON Lines), flushed at once, for programs that
 * follow a run. Each line has {@code time} (ISO-8601), {@code job}, {@code event} (the event's name, e.g.
 * {@code committed}) and the event's fields; positions are objects {@code {input, offset, row, sent, skipped}}.
 * docs/architecture.md lists every event. Progress lines come every --progress-seconds at most.
 */
public final class JsonLinesListener implements JobListener {
    private static final JsonFactory FACTORY = new ObjectMapper().getFactory();

    private final OutputStream out;
    private final String job;
    private final long progressIntervalNanos;
    private final boolean closeStream;
    private long lastProgressNanos;

    public JsonLinesListener(OutputStream out, boolean closeStream, String job, long progressIntervalMillis)
            throws IOException {
        this.out = out;
        this.closeStream = closeStream;
        this.job = job;
        this.progressIntervalNanos = progressIntervalMillis * 1_000_000L;
        this.lastProgressNanos = System.nanoTime() - progressIntervalNanos;
    }

    @Override
    public synchronized void on(JobEvent event) {
        if (event instanceof JobEvent.Progress) {
            long now = System.nanoTime();
            if (now - lastProgressNanos < progressIntervalNanos) {
                return;
            }
            lastProgressNanos = now;
        }
        // each line is made whole before it is written: an event that cannot be written leaves no half line
        String line;
        try {
            StringWriter text = new StringWriter();
            try (JsonGenerator g = FACTORY.createGenerator(text)) {
                g.writeStartObject();
                g.writeStringField("time", Instant.now().toString());
                g.writeStringField("job", job);
                g.writeStringField("event", event.name());
                writeFields(g, (Record) event);
                g.writeEndObject();
            }
            line = text.append('\n').toString();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("event " + event.name() + " cannot be written as JSON: " + e, e);
        }
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeFields(JsonGenerator json, Record r) throws IOException {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object value;
            try {
                java.lang.reflect.Method accessor = c.getAccessor();
                accessor.setAccessible(true); // records of other packages, e.g. a row key inside an event
                value = accessor.invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            json.writeFieldName(snake(c.getName()));
            write(json, value);
        }
    }

    /** {@code latencyNanos} → {@code latency_nanos}. */
    static String snake(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void write(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Position p) {
            json.writeStartObject();
            json.writeNumberField("input", p.input());
            json.writeNumberField("offset", p.offset());
            json.writeNumberField("row", p.row());
            json.writeNumberField("sent", p.sent());
            json.writeNumberField("skipped", p.skipped());
            if (!p.seek().isPlain(p.offset())) {
                json.writeNumberField("seek_raw", p.seek().raw());
                json.writeNumberField("seek_decoded", p.seek().decoded());
            }
            json.writeEndObject();
        } else if (value instanceof Double d) {
            if (Double.isFinite(d)) {
                json.writeNumber(d);
            } else {
                json.writeNull();
            }
        } else if (value instanceof Number n) {
            json.writeNumber(n.longValue());
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Record r) {
            json.writeStartObject();
            writeFields(json, r);
            json.writeEndObject();
        } else if (value instanceof Set<?> set) {
            json.writeStartArray();
            for (Object o : set) {
                write(json, o);
            }
            json.writeEndArray();
        } else {
            json.writeString(value.toString());
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.flush();
            if (closeStream) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
