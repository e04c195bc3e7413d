package com.csvtokafka.events;

import com.csvtokafka.position.Position;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;

/**
 * {@code --events FILE|-}: every event as one JSON object per line (JSON Lines), flushed at once, for programs that
 * follow a run. Each line has {@code time} (ISO-8601), {@code job}, {@code event} (the event's name, e.g.
 * {@code committed}), {@code v} (the schema version, {@link JobEvent#VERSION}) and the fields the event writes;
 * docs/events.md lists every event and field. Progress lines come every --progress-seconds at most.
 */
public final class JsonLinesListener implements JobListener {
    private static final JsonFactory FACTORY = new JsonFactory();

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
        String line;
        try {
            line = line(event);
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

    /** The event's whole line, made before any of it is written: an event that cannot be written leaves no half line. */
    private String line(JobEvent event) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("time", Instant.now().toString());
            json.writeStringField("job", job);
            json.writeStringField("event", event.name());
            json.writeNumberField("v", JobEvent.VERSION);
            event.writeFields(new JsonFields(json));
            json.writeEndObject();
        }
        return text.append('\n').toString();
    }

    /** An event's fields as members of the JSON object being written. */
    private record JsonFields(JsonGenerator json) implements EventFields {

        @Override
        public EventFields text(String name, String value) {
            return write(() -> json.writeStringField(name, value));
        }

        @Override
        public EventFields integer(String name, long value) {
            return write(() -> json.writeNumberField(name, value));
        }

        @Override
        public EventFields number(String name, double value) {
            return write(() -> {
                if (Double.isFinite(value)) {
                    json.writeNumberField(name, value);
                } else {
                    json.writeNullField(name);
                }
            });
        }

        @Override
        public EventFields bool(String name, boolean value) {
            return write(() -> json.writeBooleanField(name, value));
        }

        @Override
        public EventFields position(String name, Position p) {
            return write(() -> {
                json.writeFieldName(name);
                if (p == null) {
                    json.writeNull();
                    return;
                }
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
            });
        }

        @Override
        public EventFields rows(String name, Collection<? extends JobEvent.Row> rows) {
            return write(() -> {
                json.writeArrayFieldStart(name);
                for (JobEvent.Row row : rows) {
                    json.writeStartObject();
                    json.writeNumberField("input", row.input());
                    json.writeNumberField("offset", row.offset());
                    json.writeEndObject();
                }
                json.writeEndArray();
            });
        }

        private EventFields write(JsonWrite write) {
            try {
                write.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }

    /** One write to the generator. */
    @FunctionalInterface
    private interface JsonWrite {
        void run() throws IOException;
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
