package com.csvtokafka.typed;

/**
 * Which Avro types a CSV value's text fits, for {@code infer-schema}. Each test accepts a subset of what the typed
 * conversion of {@code run --schema} reads as that type, so that a column inferred from a sample converts: where
 * the conversion is lenient, inference is strict on purpose.
 * <ul>
 *   <li>boolean: {@code true}/{@code false} in any case (not 1/0: a column of 0s and 1s is a long)</li>
 *   <li>long: {@code [+-]digits} within 64 bits, without leading zeros ({@code 007}, {@code 01234} are codes
 *       whose zeros a number would drop: text)</li>
 *   <li>double: {@code [+-]} digits with an optional fraction and exponent ({@code 1.5}, {@code .5}, {@code 1e5},
 *       {@code -2.5E-3}), no leading zeros, and Java's and Avro's spellings {@code NaN}, {@code Infinity},
 *       {@code -Infinity}, {@code +Infinity} (not {@code nan} or {@code inf})</li>
 *   <li>date: ISO-8601 {@code yyyy-MM-dd}, a day that exists ({@code 2024-02-29} yes, {@code 2023-02-29} no)</li>
 *   <li>timestamp: a date, {@code T} or a space, {@code HH:mm[:ss[.fraction]]}, then {@code Z}, an offset
 *       ({@code +05:30}, {@code +0530}, {@code +05}) or nothing (UTC); a date alone is its midnight UTC; at most
 *       microsecond precision (a fraction may be longer only with zeros after the sixth digit)</li>
 * </ul>
 * No value is trimmed: {@code " 42"} is text, as it is for the conversion.
 */
public final class ValueShapes {

    private ValueShapes() {
    }

    public static boolean isBoolean(String s) {
        return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false");
    }

    /** What a value is as a number. */
    public enum Number {
        /** not a number we read */
        NONE,
        /** an integer that fits a long */
        LONG,
        /** an integer beyond the long range: a double (with the precision a double has) */
        BIG_INTEGER,
        /** a decimal or exponent form, finite */
        DECIMAL,
        /** NaN or ±Infinity */
        NON_FINITE
    }

    public static Number number(String s) {
        int n = s.length();
        if (n == 0) {
            return Number.NONE;
        }
        if (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity") || s.equals("+Infinity")) {
            return Number.NON_FINITE;
        }
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        int intStart = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        int intDigits = i - intStart;
        if (intDigits > 1 && s.charAt(intStart) == '0') {
            return Number.NONE; // leading zero: a code, not a quantity
        }
        if (i == n) {
            if (intDigits == 0) {
                return Number.NONE;
            }
            return fitsLong(s) ? Number.LONG : Number.BIG_INTEGER;
        }
        int fractionDigits = 0;
        if (s.charAt(i) == '.') {
            i++;
            int fractionStart = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            fractionDigits = i - fractionStart;
        }
        if (intDigits == 0 && fractionDigits == 0) {
            return Number.NONE;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int expStart = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == expStart) {
                return Number.NONE;
            }
        }
        if (i != n) {
            return Number.NONE;
        }
        return Double.isFinite(Double.parseDouble(s)) ? Number.DECIMAL : Number.NON_FINITE;
    }

    private static boolean fitsLong(String s) {
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public static boolean isDate(String s) {
        return s.length() == 10 && date(s);
    }

    /** What a timestamp value showed; {@link #NONE} when the text is not one. */
    public enum Timestamp {
        NONE,
        /** a date alone: midnight UTC */
        DATE_ONLY,
        /** no zone or offset: UTC */
        LOCAL,
        /** with Z or an offset */
        ZONED;
    }

    /** The shape of an ISO-8601 timestamp, and in {@code subMillisecond[0]} whether it has digits past the milli. */
    public static Timestamp timestamp(String s, boolean[] subMillisecond) {
        int n = s.length();
        subMillisecond[0] = false;
        if (n < 10 || !date(s)) {
            return Timestamp.NONE;
        }
        if (n == 10) {
            return Timestamp.DATE_ONLY;
        }
        char separator = s.charAt(10);
        if (separator != 'T' && separator != 't' && separator != ' ') {
            return Timestamp.NONE;
        }
        // HH:mm[:ss[.f{1,9}]]
        if (n < 16 || s.charAt(13) != ':' || !twoDigits(s, 11, 23) || !twoDigits(s, 14, 59)) {
            return Timestamp.NONE;
        }
        int i = 16;
        if (i < n && s.charAt(i) == ':') {
            if (i + 3 > n || !twoDigits(s, i + 1, 59)) {
                return Timestamp.NONE;
            }
            i += 3;
            if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
                int start = ++i;
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                }
                int places = i - start;
                if (places == 0 || places > 9) {
                    return Timestamp.NONE;
                }
                for (int p = start + 6; p < i; p++) {
                    if (s.charAt(p) != '0') {
                        return Timestamp.NONE; // more precise than microseconds: the conversion refuses it
                    }
                }
                for (int p = start + 3; p < Math.min(i, start + 6); p++) {
                    if (s.charAt(p) != '0') {
                        subMillisecond[0] = true;
                    }
                }
            }
        }
        if (i == n) {
            return Timestamp.LOCAL;
        }
        char zone = s.charAt(i);
        if ((zone == 'Z' || zone == 'z') && i + 1 == n) {
            return Timestamp.ZONED;
        }
        if (zone != '+' && zone != '-') {
            return Timestamp.NONE;
        }
        int rest = n - i - 1;
        int hours;
        int minutes = 0;
        if (rest == 2) {
            hours = digits(s, i + 1);
        } else if (rest == 4) {
            hours = digits(s, i + 1);
            minutes = digits(s, i + 3);
        } else if (rest == 5 && s.charAt(i + 3) == ':') {
            hours = digits(s, i + 1);
            minutes = digits(s, i + 4);
        } else {
            return Timestamp.NONE;
        }
        if (hours < 0 || minutes < 0 || minutes > 59 || hours > 18 || (hours == 18 && minutes > 0)) {
            return Timestamp.NONE;
        }
        return Timestamp.ZONED;
    }

    /** {@code yyyy-MM-dd} at the start of {@code s}, a day that exists. */
    private static boolean date(String s) {
        if (s.charAt(4) != '-' || s.charAt(7) != '-') {
            return false;
        }
        int year = digits(s, 0) * 100 + digits(s, 2);
        int month = digits(s, 5);
        int day = digits(s, 8);
        if (digits(s, 0) < 0 || digits(s, 2) < 0 || month < 1 || month > 12 || day < 1) {
            return false;
        }
        int length = switch (month) {
            case 2 -> year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
        return day <= length;
    }

    private static boolean twoDigits(String s, int from, int max) {
        int v = digits(s, from);
        return v >= 0 && v <= max;
    }

    /** Two ASCII digits at {@code from} as a number, or -1. */
    private static int digits(String s, int from) {
        if (from + 2 > s.length() || !isDigit(s.charAt(from)) || !isDigit(s.charAt(from + 1))) {
            return -1;
        }
        return (s.charAt(from) - '0') * 10 + (s.charAt(from + 1) - '0');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
