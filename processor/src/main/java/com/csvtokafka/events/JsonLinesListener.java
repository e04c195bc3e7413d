package com.csvtokafka.events;

import com.csvtokafka.position.Position;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
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
    private final JsonGenerator json;
    private final String job;
    private final long progressIntervalNanos;
    private final boolean closeStream;
    private long lastProgressNanos;

    public JsonLinesListener(OutputStream out, boolean closeStream, String job, long progressIntervalMillis)
            throws IOException {
        this.json = new ObjectMapper().getFactory().createGenerator(out);
        this.json.setRootValueSeparator(null); // one object a line, nothing before it
        this.json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, closeStream);
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
        try {
            json.writeStartObject();
            json.writeStringField("time", Instant.now().toString());
            json.writeStringField("job", job);
            json.writeStringField("event", event.name());
            writeFields((Record) event);
            json.writeEndObject();
            json.writeRaw('\n');
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeFields(Record r) throws IOException {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            json.writeFieldName(snake(c.getName()));
            write(value);
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

    private void write(Object value) throws IOException {
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
            writeFields(r);
            json.writeEndObject();
        } else if (value instanceof Set<?> set) {
            json.writeStartArray();
            for (Object o : set) {
                write(o);
            }
            json.writeEndArray();
        } else {
            json.writeString(value.toString());
        }
    }

    @Override
    public synchronized void close() {
        try {
            json.flush();
            if (closeStream) {
                json.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
