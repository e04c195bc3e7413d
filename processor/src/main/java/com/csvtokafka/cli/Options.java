package com.csvtokafka.cli;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;

/** Small helpers for option values: required-ness with the env name in the message, characters, charsets. */
final class Options {
    private Options() {
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String require(String value, String flag, String env) {
        if (blank(value)) {
            throw new IllegalArgumentException("missing " + flag + " (or env " + env + ")");
        }
        return value.trim();
    }

    /** A one-character option; {@code \t} and {@code tab} mean a tab. */
    static char character(String value, String flag) {
        if (value.equals("\\t") || value.equalsIgnoreCase("tab")) {
            return '\t';
        }
        if (value.length() != 1) {
            throw new IllegalArgumentException(flag + " must be one character (or \\t), got '" + value + "'");
        }
        return value.charAt(0);
    }

    static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("unknown --encoding " + name + " (try UTF-8, ISO-8859-1, windows-1252)");
        }
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String value, String flag) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException(flag + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                .toLowerCase(java.util.Locale.ROOT) + ", got '" + value + "'");
    }
}
