package com.csvtokafka.csv;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The column a mistyped name most likely meant, for "did you mean" in errors about --key, --header-column, ... */
public final class CloseNames {
    private CloseNames() {
    }

    /**
     * The name in {@code names} closest to {@code name}: the same but for case, or a few letters apart (a third of
     * the name at most, at least one; the first of equals); empty when none is that close.
     */
    public static Optional<String> closest(String name, List<String> names) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String n : names) {
            if (n.toLowerCase(Locale.ROOT).equals(lower)) {
                return Optional.of(n);
            }
        }
        String best = null;
        int bestDistance = Math.max(1, name.length() / 3) + 1;
        for (String n : names) {
            int d = distance(lower, n.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = n;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
