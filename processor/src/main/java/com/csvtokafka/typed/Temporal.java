package com.csvtokafka.typed;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Dates, times and timestamps as CSV text. The default is ISO-8601, parsed by hand (a value per row on the reading
 * thread; {@link DateTimeFormatter} costs several times as much):
 * <ul>
 *   <li>date: {@code 2024-02-29} (a day that does not exist, such as 2023-02-29, is refused)</li>
 *   <li>time: {@code 13:45}, {@code 13:45:30}, {@code 13:45:30.123}</li>
 *   <li>timestamp: a date, {@code T} (or a space), a time, then {@code Z}, an offset ({@code +05:30}, {@code +0530},
 *       {@code +05}) or nothing, which means UTC; a date alone is its midnight UTC</li>
 * </ul>
 * With {@code --timestamp-format PATTERN} timestamps are read with that java.time pattern instead, strictly (a
 * {@code yyyy} in it reads as {@code uuuu}, so that strict resolving needs no era); without a zone or offset in the
 * pattern the time is UTC. Results are microseconds since the epoch; a value more precise than that is refused.
 */
public final class Temporal {
    private static final String ISO_HINT = "expected ISO-8601 such as 2024-02-29T13:45:30Z, 2024-02-29T13:45:30.123+05:30 "
            + "or 2024-02-29 13:45:30 (no zone: UTC)";

    private final DateTimeFormatter pattern;
    /** The pattern's fast reader when it is made of numeric fields and literals only; else null. */
    private final NumericPattern numeric;

    /** @param timestampPattern a java.time pattern for timestamps, or null for ISO-8601 */
    public Temporal(String timestampPattern) {
        this(timestampPattern, true);
    }

    /** @param fast false to read every pattern with its DateTimeFormatter (the reference the fast reader is tested against) */
    Temporal(String timestampPattern, boolean fast) {
        this.pattern = timestampPattern == null ? null : formatter(timestampPattern);
        this.numeric = timestampPattern == null || !fast ? null : NumericPattern.compile(timestampPattern);
    }

    /** True when timestamps are read by the fast reader of a numeric pattern. */
    boolean fast() {
        return numeric != null;
    }

    public static final Temporal ISO = new Temporal(null);

    /** A strict formatter for {@code --timestamp-format}; an IllegalArgumentException says what is wrong with it. */
    public static DateTimeFormatter formatter(String pattern) {
        StringBuilder strict = new StringBuilder(pattern.length());
        boolean literal = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                literal = !literal;
            }
            strict.append(!literal && c == 'y' ? 'u' : c);
        }
        try {
            return DateTimeFormatter.ofPattern(strict.toString()).withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--timestamp-format '" + pattern + "' is not a java.time pattern: "
                    + e.getMessage());
        }
    }

    /** Days since 1970-01-01. */
    public static int date(String s) throws BadValue {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            throw new BadValue("not an ISO-8601 date (expected yyyy-MM-dd such as 2024-02-29)");
        }
        return (int) epochDay(s, 0);
    }

    /** Microseconds since midnight. */
    public static long time(String s) throws BadValue {
        int[] end = new int[1];
        long micros = timeOfDay(s, 0, end);
        if (end[0] != s.length()) {
            throw new BadValue("not an ISO-8601 time (expected HH:mm[:ss[.SSS]] such as 13:45:30.123)");
        }
        return micros;
    }

    /** Microseconds since the epoch. */
    public long timestamp(String s) throws BadValue {
        return pattern == null ? iso(s) : numeric != null ? numeric.parse(s) : patterned(s);
    }

    private long patterned(String s) throws BadValue {
        try {
            TemporalAccessor t = pattern.parse(s);
            long seconds;
            int nanos;
            if (t.isSupported(ChronoField.OFFSET_SECONDS) && t.isSupported(ChronoField.HOUR_OF_DAY)) {
                OffsetDateTime odt = OffsetDateTime.from(t);
                seconds = odt.toEpochSecond();
                nanos = odt.getNano();
            } else if (t.query(java.time.temporal.TemporalQueries.zone()) != null && t.isSupported(ChronoField.HOUR_OF_DAY)) {
                ZonedDateTime zdt = ZonedDateTime.from(t);
                seconds = zdt.toEpochSecond();
                nanos = zdt.getNano();
            } else if (t.isSupported(ChronoField.HOUR_OF_DAY)) {
                LocalDateTime ldt = LocalDateTime.from(t);
                seconds = ldt.toEpochSecond(ZoneOffset.UTC);
                nanos = ldt.getNano();
            } else {
                seconds = LocalDate.from(t).toEpochDay() * 86_400L;
                nanos = 0;
            }
            if (nanos % 1000 != 0) {
                throw new BadValue("more precise than microseconds");
            }
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1000);
        } catch (DateTimeException | ArithmeticException e) {
            throw new BadValue("does not match --timestamp-format " + pattern + ": " + e.getMessage());
        }
    }

    private static long iso(String s) throws BadValue {
        int n = s.length();
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            throw new BadValue("not an ISO-8601 timestamp (" + ISO_HINT + ")");
        }
        long day = epochDay(s, 0);
        if (n == 10) {
            return day * 86_400_000_000L;
        }
        char sep = s.charAt(10);
        if (sep != 'T' && sep != 't' && sep != ' ') {
            throw new BadValue("not an ISO-8601 timestamp (" + ISO_HINT + ")");
        }
        int[] end = new int[1];
        long micros = timeOfDay(s, 11, end);
        int i = end[0];
        long offsetSeconds = 0;
        if (i < n) {
            char z = s.charAt(i);
            if ((z == 'Z' || z == 'z') && i + 1 == n) {
                offsetSeconds = 0;
            } else if (z == '+' || z == '-') {
                int rest = n - i - 1;
                int hh;
                int mm = 0;
                if (rest == 2) {
                    hh = digits(s, i + 1, 2);
                } else if (rest == 4) {
                    hh = digits(s, i + 1, 2);
                    mm = digits(s, i + 3, 2);
                } else if (rest == 5 && s.charAt(i + 3) == ':') {
                    hh = digits(s, i + 1, 2);
                    mm = digits(s, i + 4, 2);
                } else {
                    hh = -1;
                }
                if (hh < 0 || mm < 0) {
                    throw new BadValue("the zone offset of an ISO-8601 timestamp is Z, +05:30, +0530 or +05");
                }
                if (hh > 18 || mm > 59 || (hh == 18 && mm > 0)) {
                    throw new BadValue("zone offset out of range (at most ±18:00)");
                }
                offsetSeconds = (z == '-' ? -1 : 1) * (hh * 3600L + mm * 60L);
            } else {
                throw new BadValue("not an ISO-8601 timestamp (" + ISO_HINT + ")");
            }
        }
        return day * 86_400_000_000L + micros - offsetSeconds * 1_000_000L;
    }

    /** HH:mm[:ss[.f{1,9}]] from {@code from}; where it ends goes into {@code end[0]}. */
    private static long timeOfDay(String s, int from, int[] end) throws BadValue {
        int n = s.length();
        if (n < from + 5 || s.charAt(from + 2) != ':') {
            throw new BadValue("not an ISO-8601 time of day (expected HH:mm[:ss[.SSS]])");
        }
        int hh = digits(s, from, 2);
        int mm = digits(s, from + 3, 2);
        int ss = 0;
        long micros = 0;
        int i = from + 5;
        if (i < n && s.charAt(i) == ':') {
            ss = i + 3 <= n ? digits(s, i + 1, 2) : -1;
            i += 3;
            if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
                int start = ++i;
                long fraction = 0;
                while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    fraction = fraction * 10 + (s.charAt(i) - '0');
                    i++;
                }
                int places = i - start;
                if (places == 0 || places > 9) {
                    throw new BadValue("the fraction of a second needs 1 to 9 digits");
                }
                for (int p = places; p < 6; p++) {
                    fraction *= 10;
                }
                for (int p = 6; p < places; p++) {
                    if (fraction % 10 != 0) {
                        throw new BadValue("more precise than microseconds");
                    }
                    fraction /= 10;
                }
                micros = fraction;
            }
        }
        if (hh < 0 || mm < 0 || ss < 0) {
            throw new BadValue("not an ISO-8601 time of day (expected HH:mm[:ss[.SSS]])");
        }
        if (hh > 23 || mm > 59 || ss > 59) {
            throw new BadValue("time of day out of range (00:00:00 to 23:59:59.999999)");
        }
        end[0] = i;
        return (hh * 3600L + mm * 60L + ss) * 1_000_000L + micros;
    }

    /** yyyy-MM-dd at {@code from} (separators already checked) to days since the epoch. */
    private static long epochDay(String s, int from) throws BadValue {
        int year = digits(s, from, 4);
        int month = digits(s, from + 5, 2);
        int day = digits(s, from + 8, 2);
        if (year < 0 || month < 0 || day < 0) {
            throw new BadValue("not an ISO-8601 date (expected yyyy-MM-dd such as 2024-02-29)");
        }
        return epochDay(year, month, day);
    }

    /** Days since the epoch of a year (0-9999), month and day; a BadValue for a day that does not exist. */
    static long epochDay(int year, int month, int day) throws BadValue {
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
            throw new BadValue(month == 2 && day == 29 ? "February 29 is not a date in " + year + " (not a leap year)"
                    : "no such date");
        }
        // days from civil (H. Hinnant's algorithm), as LocalDate.toEpochDay without the object
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468L;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** {@code count} ASCII digits at {@code from} as a number, or -1. */
    private static int digits(String s, int from, int count) {
        if (from + count > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** ISO-8601 text of a date (days since the epoch), for JSON: as {@link LocalDate#toString}. */
    static String formatDate(int days) {
        char[] out = new char[10];
        return civil(days, out) ? new String(out) : LocalDate.ofEpochDay(days).toString();
    }

    /** ISO-8601 text of a time of day in microseconds, always with seconds, for JSON. */
    static String formatTime(long micros) {
        return DateTimeFormatter.ISO_LOCAL_TIME.format(LocalTime.ofNanoOfDay(micros * 1000));
    }

    /**
     * ISO-8601 text of an instant in microseconds since the epoch, in UTC, for JSON: as {@code Instant.toString()}
     * (the fraction in groups of three digits, none when zero), without its formatter.
     */
    static String formatTimestamp(long micros) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        int fraction = (int) Math.floorMod(micros, 1_000_000L);
        char[] out = new char[27];
        if (!civil(Math.floorDiv(seconds, 86_400L), out)) {
            return java.time.Instant.ofEpochSecond(seconds, fraction * 1000L).toString();
        }
        int sod = (int) Math.floorMod(seconds, 86_400L);
        out[10] = 'T';
        two(out, 11, sod / 3600);
        out[13] = ':';
        two(out, 14, sod / 60 % 60);
        out[16] = ':';
        two(out, 17, sod % 60);
        int n = 19;
        if (fraction != 0) {
            out[n++] = '.';
            int digits = fraction % 1000 == 0 ? 3 : 6;
            int f = digits == 3 ? fraction / 1000 : fraction;
            for (int i = digits - 1; i >= 0; i--) {
                out[n + i] = (char) ('0' + f % 10);
                f /= 10;
            }
            n += digits;
        }
        out[n++] = 'Z';
        return new String(out, 0, n);
    }

    /** yyyy-MM-dd of a day since the epoch into {@code out}; false outside the years 0000-9999. */
    private static boolean civil(long epochDay, char[] out) {
        // civil from days (H. Hinnant's algorithm)
        long z = epochDay + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        long doe = z - era * 146_097L;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return false;
        }
        two(out, 0, (int) year / 100);
        two(out, 2, (int) year % 100);
        out[4] = '-';
        two(out, 5, month);
        out[7] = '-';
        two(out, 8, day);
        return true;
    }

    private static void two(char[] out, int at, int v) {
        out[at] = (char) ('0' + v / 10);
        out[at + 1] = (char) ('0' + v % 10);
    }
}
