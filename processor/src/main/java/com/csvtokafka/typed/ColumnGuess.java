package com.csvtokafka.typed;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * What one column's sampled values allow: every type a value has not yet ruled out, in the order
 * boolean, long, double, date, timestamp; string when none is left. Fed one value at a time.
 */
final class ColumnGuess {

    /** The Avro type a column gets. */
    enum Type { BOOLEAN, LONG, DOUBLE, DATE, TIMESTAMP_MILLIS, TIMESTAMP_MICROS, STRING }

    private final boolean[] subMillisecond = new boolean[1];

    private long values;
    private long nulls;
    private long quotedEmpty;
    private boolean maybeBoolean = true;
    private boolean maybeLong = true;
    private boolean maybeDouble = true;
    private boolean maybeDate = true;
    private boolean maybeTimestamp = true;
    private long nonFinite;
    private long bigIntegers;
    private long dateOnly;
    private long local;
    private boolean micros;
    /** Where the last type narrower than string was ruled out, for the doc of a string column. */
    private String textFrom;

    void observeNull() {
        nulls++;
    }

    /**
     * @param quoted  whether the field was quoted ({@code ""} is the empty string, not null)
     * @param where   the row, for the doc ("row 17"), called only when a column turns to string
     */
    void observe(String value, boolean quoted, Supplier<String> where) {
        values++;
        if (value.isEmpty() && quoted) {
            quotedEmpty++;
        }
        boolean before = maybeBoolean || maybeLong || maybeDouble || maybeDate || maybeTimestamp;
        if (maybeBoolean && !ValueShapes.isBoolean(value)) {
            maybeBoolean = false;
        }
        if (maybeLong || maybeDouble) {
            ValueShapes.Number number = ValueShapes.number(value);
            switch (number) {
                case LONG:
                    break;
                case BIG_INTEGER:
                    bigIntegers++;
                    maybeLong = false;
                    break;
                case DECIMAL:
                    maybeLong = false;
                    break;
                case NON_FINITE:
                    nonFinite++;
                    maybeLong = false;
                    break;
                default:
                    maybeLong = false;
                    maybeDouble = false;
            }
        }
        if (maybeDate && !ValueShapes.isDate(value)) {
            maybeDate = false;
        }
        if (maybeTimestamp) {
            switch (ValueShapes.timestamp(value, subMillisecond)) {
                case NONE:
                    maybeTimestamp = false;
                    break;
                case DATE_ONLY:
                    dateOnly++;
                    break;
                case LOCAL:
                    local++;
                    break;
                default:
                    break;
            }
            micros |= subMillisecond[0];
        }
        if (before && !(maybeBoolean || maybeLong || maybeDouble || maybeDate || maybeTimestamp)) {
            textFrom = where.get();
        }
    }

    Type type() {
        if (values == 0) {
            return Type.STRING;
        }
        if (maybeBoolean) {
            return Type.BOOLEAN;
        }
        if (maybeLong) {
            return Type.LONG;
        }
        if (maybeDouble) {
            return Type.DOUBLE;
        }
        if (maybeDate) {
            return Type.DATE;
        }
        if (maybeTimestamp) {
            return micros ? Type.TIMESTAMP_MICROS : Type.TIMESTAMP_MILLIS;
        }
        return Type.STRING;
    }

    boolean nullable() {
        return nulls > 0 || values == 0;
    }

    /** What was seen, for the field's doc: counts, and whatever a user editing the schema should know. */
    String describe(long rows) {
        StringBuilder doc = new StringBuilder();
        if (values == 0) {
            doc.append(String.format(Locale.ROOT, "empty in all %,d sampled rows: type unknown, string assumed", rows));
            return doc.toString();
        }
        Type type = type();
        doc.append(String.format(Locale.ROOT, "%,d sampled rows: %,d %s values", rows, values,
                type.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        if (nulls > 0) {
            doc.append(String.format(Locale.ROOT, ", %,d empty (null)", nulls));
        }
        switch (type) {
            case DOUBLE:
                if (bigIntegers > 0) {
                    doc.append(String.format(Locale.ROOT, "; %,d integers beyond the long range (a double keeps"
                            + " about 15 significant digits: make it a string to keep every digit)", bigIntegers));
                }
                if (nonFinite > 0) {
                    doc.append(String.format(Locale.ROOT, "; %,d NaN or Infinity", nonFinite));
                }
                break;
            case TIMESTAMP_MILLIS:
            case TIMESTAMP_MICROS:
                if (local > 0) {
                    doc.append(String.format(Locale.ROOT, "; %,d without a zone: read as UTC", local));
                }
                if (dateOnly > 0) {
                    doc.append(String.format(Locale.ROOT, "; %,d dates alone: midnight UTC", dateOnly));
                }
                if (micros) {
                    doc.append("; digits past the millisecond seen");
                }
                break;
            case STRING:
                if (textFrom != null) {
                    doc.append("; no narrower type fits from ").append(textFrom).append(" on");
                }
                if (quotedEmpty > 0) {
                    doc.append(String.format(Locale.ROOT, "; %,d quoted empty values (\"\"): empty strings, not null",
                            quotedEmpty));
                }
                break;
            default:
                break;
        }
        return doc.toString();
    }
}
