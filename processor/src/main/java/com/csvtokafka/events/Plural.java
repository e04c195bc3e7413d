package com.csvtokafka.events;

import java.util.Locale;

/** Counts as people write them: {@code 1 record}, {@code 2 records}, {@code 1,000 bad rows}. */
public final class Plural {
    private Plural() {
    }

    /** {@code n} and {@code noun}, with an {@code s} unless {@code n} is 1; thousands grouped. */
    public static String of(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }
}
