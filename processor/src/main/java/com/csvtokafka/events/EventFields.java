package com.csvtokafka.events;

import com.csvtokafka.position.Position;
import java.util.Collection;

/**
 * Where a {@link JobEvent} writes its fields, each under its name in docs/events.md and as one of the document's
 * types: the {@code --events} JSON writer is one, a test holding the events to the document another.
 */
public interface EventFields {

    /** A string, or null. */
    EventFields text(String name, String value);

    EventFields integer(String name, long value);

    /** A number; null when not finite (an unknown rate or ETA). */
    EventFields number(String name, double value);

    EventFields bool(String name, boolean value);

    /** A position object {@code {input, offset, row, sent, skipped}} (and its seek for compressed inputs), or null. */
    EventFields position(String name, Position value);

    /** An array of row objects {@code {input, offset}}. */
    EventFields rows(String name, Collection<? extends JobEvent.Row> value);
}
