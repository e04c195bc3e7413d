package com.csvtokafka.typed;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code --timestamp-format} made only of numeric fields and literals ({@code yyyy/uuuu}, {@code M}, {@code MM},
 * {@code d}, {@code dd}, {@code H}, {@code HH}, {@code m}, {@code mm}, {@code s}, {@code ss}, {@code S..S},
 * {@code X}, {@code XX}, {@code XXX}, quoted text, punctuation), read without {@code DateTimeFormatter}, which costs
 * several times as much per value. It reads what the strict {@code DateTimeFormatter} of the same pattern reads
 * (years of four digits without a sign; {@code TemporalTest} compares the two on generated values); any other
 * pattern is left to the formatter ({@link #compile} returns null).
 */
final class NumericPattern {
    private enum Kind { YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, FRACTION, OFFSET, LITERAL }

    /** One part of the pattern: a field of {@code min}..{@code max} digits, an offset of style X/XX/XXX, a literal. */
    private record Part(Kind kind, int min, int max, char literal) {
    }

    private final Part[] parts;

    private NumericPattern(Part[] parts) {
        this.parts = parts;
    }

    /** The pattern's reader, or null when it holds more than numeric fields and literals. */
    static NumericPattern compile(String pattern) {
        List<Part> parts = new ArrayList<>();
        boolean year = false;
        boolean month = false;
        boolean day = false;
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                int end = pattern.indexOf('\'', i + 1);
                if (end < 0) {
                    return null;
                }
                if (end == i + 1) {
                    parts.add(new Part(Kind.LITERAL, 0, 0, '\''));
                } else {
                    for (int j = i + 1; j < end; j++) {
                        parts.add(new Part(Kind.LITERAL, 0, 0, pattern.charAt(j)));
                    }
                }
                i = end + 1;
                continue;
            }
            if (!Character.isLetter(c)) {
                if (c == '[' || c == ']' || c == '{' || c == '}' || c == '#') {
                    return null;
                }
                parts.add(new Part(Kind.LITERAL, 0, 0, c));
                i++;
                continue;
            }
            int n = 1;
            while (i + n < pattern.length() && pattern.charAt(i + n) == c) {
                n++;
            }
            Part part;
            switch (c) {
                case 'y', 'u' -> {
                    part = n == 4 ? new Part(Kind.YEAR, 4, 4, ' ') : null;
                    year = true;
                }
                case 'M' -> {
                    part = field(Kind.MONTH, n);
                    month = true;
                }
                case 'd' -> {
                    part = field(Kind.DAY, n);
                    day = true;
                }
                case 'H' -> part = field(Kind.HOUR, n);
                case 'm' -> part = field(Kind.MINUTE, n);
                case 's' -> part = field(Kind.SECOND, n);
                case 'S' -> part = n <= 9 ? new Part(Kind.FRACTION, n, n, ' ') : null;
                case 'X' -> part = n <= 3 ? new Part(Kind.OFFSET, n, n, ' ') : null;
                default -> part = null;
            }
            if (part == null) {
                return null;
            }
            Part before = parts.isEmpty() ? null : parts.get(parts.size() - 1);
            // a field of one or two digits right after another field: the formatter's adjacent value parsing
            boolean digitsBefore = before != null && before.kind != Kind.LITERAL && before.kind != Kind.OFFSET;
            if (digitsBefore && part.kind != Kind.OFFSET && (before.min != before.max || part.min != part.max)) {
                return null;
            }
            parts.add(part);
            i += n;
        }
        if (!year || !month || !day || !consistent(parts)) {
            return null;
        }
        return new NumericPattern(parts.toArray(Part[]::new));
    }

    private static Part field(Kind kind, int n) {
        // one letter: as many digits as there are (the formatter's greedy reading; the range check refuses 003)
        return n == 1 ? new Part(kind, 1, 19, ' ') : n == 2 ? new Part(kind, 2, 2, ' ') : null;
    }

    /** Each field once; seconds only with minutes, minutes only with hours, a fraction only with seconds. */
    private static boolean consistent(List<Part> parts) {
        int[] seen = new int[Kind.values().length];
        for (Part p : parts) {
            seen[p.kind.ordinal()]++;
        }
        for (Kind k : Kind.values()) {
            if (k != Kind.LITERAL && seen[k.ordinal()] > 1) {
                return false;
            }
        }
        boolean hour = seen[Kind.HOUR.ordinal()] > 0;
        boolean minute = seen[Kind.MINUTE.ordinal()] > 0;
        boolean second = seen[Kind.SECOND.ordinal()] > 0;
        return (!minute || hour) && (!second || minute) && (seen[Kind.FRACTION.ordinal()] == 0 || second)
                && (hour == minute) && (seen[Kind.OFFSET.ordinal()] == 0 || hour);
    }

    /** Microseconds since the epoch; a BadValue when the text does not match. */
    long parse(String s) throws BadValue {
        int year = 0;
        int month = 0;
        int day = 0;
        int hour = 0;
        int minute = 0;
        int second = 0;
        long micros = 0;
        long offsetSeconds = 0;
        int i = 0;
        int n = s.length();
        for (Part p : parts) {
            if (p.kind == Kind.LITERAL) {
                if (i >= n || s.charAt(i) != p.literal) {
                    throw mismatch();
                }
                i++;
                continue;
            }
            if (p.kind == Kind.OFFSET) {
                int[] end = {i};
                offsetSeconds = offset(s, i, p.min, end);
                i = end[0];
                continue;
            }
            int start = i;
            long v = 0;
            while (i < n && i - start < p.max && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                v = Math.min(v * 10 + (s.charAt(i) - '0'), 10_000_000_000L); // beyond any field's range
                i++;
            }
            if (i - start < p.min) {
                throw mismatch();
            }
            int field = (int) Math.min(v, Integer.MAX_VALUE);
            switch (p.kind) {
                case YEAR -> year = field;
                case MONTH -> month = field;
                case DAY -> day = field;
                case HOUR -> hour = field;
                case MINUTE -> minute = field;
                case SECOND -> second = field;
                case FRACTION -> {
                    long f = v;
                    for (int k = p.min; k < 6; k++) {
                        f *= 10;
                    }
                    for (int k = 6; k < p.min; k++) {
                        if (f % 10 != 0) {
                            throw new BadValue("more precise than microseconds");
                        }
                        f /= 10;
                    }
                    micros = f;
                }
                default -> throw new IllegalStateException();
            }
        }
        if (i != n) {
            throw mismatch();
        }
        if (hour > 23 || minute > 59 || second > 59) {
            throw new BadValue("does not match --timestamp-format: time of day out of range");
        }
        long epochDay = Temporal.epochDay(year, month, day);
        return epochDay * 86_400_000_000L + (hour * 3600L + minute * 60L + second) * 1_000_000L + micros
                - offsetSeconds * 1_000_000L;
    }

    /** X: Z, ±HH or ±HHmm; XX: Z or ±HHmm; XXX: Z or ±HH:mm. */
    private static long offset(String s, int i, int style, int[] end) throws BadValue {
        int n = s.length();
        if (i < n && s.charAt(i) == 'Z') {
            end[0] = i + 1;
            return 0;
        }
        if (i >= n || (s.charAt(i) != '+' && s.charAt(i) != '-')) {
            throw mismatch();
        }
        int sign = s.charAt(i) == '-' ? -1 : 1;
        int hh = two(s, i + 1);
        int mm;
        int after;
        if (style == 3) {
            if (i + 3 >= n || s.charAt(i + 3) != ':') {
                throw mismatch();
            }
            mm = two(s, i + 4);
            after = i + 6;
        } else if (style == 2 || (i + 5 <= n && two(s, i + 3) >= 0)) {
            mm = two(s, i + 3);
            after = i + 5;
        } else {
            mm = 0;
            after = i + 3;
        }
        if (hh < 0 || mm < 0) {
            throw mismatch();
        }
        if (hh > 18 || mm > 59 || (hh == 18 && mm > 0)) {
            throw new BadValue("does not match --timestamp-format: zone offset out of range");
        }
        end[0] = after;
        return sign * (hh * 3600L + mm * 60L);
    }

    private static int two(String s, int i) {
        if (i + 2 > s.length()) {
            return -1;
        }
        char a = s.charAt(i);
        char b = s.charAt(i + 1);
        return a >= '0' && a <= '9' && b >= '0' && b <= '9' ? (a - '0') * 10 + (b - '0') : -1;
    }

    private static BadValue mismatch() {
        return new BadValue("does not match --timestamp-format");
    }
}
