package com.csvtokafka.typed;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Avro names ({@code [A-Za-z_][A-Za-z0-9_]*}) for CSV headers and file names. */
final class AvroNames {

    private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern INVALID_RUN = Pattern.compile("[^A-Za-z0-9_]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Extensions a CSV export's name carries that say nothing about its content. */
    private static final Pattern EXTENSION = Pattern.compile("(?i)\\.(gz|gzip|zst|zstd|bz2|csv|tsv|psv|txt|dat)$");

    private AvroNames() {
    }

    static boolean isValid(String name) {
        return VALID.matcher(name).matches();
    }

    /**
     * One unique field name per header name, in order. Names that are valid already keep their spelling (the
     * first of exact duplicates keeps it); the others are made valid — accents dropped, each run of other
     * characters one {@code _}, a leading digit prefixed with {@code _}, an empty or symbol-only name
     * {@code col_<n>} — and suffixed {@code _2}, {@code _3} ... where that name is taken.
     */
    static List<String> fields(List<String> headers) {
        Set<String> taken = new HashSet<>();
        String[] names = new String[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            String header = headers.get(i);
            if (isValid(header) && taken.add(header)) {
                names[i] = header;
            }
        }
        for (int i = 0; i < headers.size(); i++) {
            if (names[i] == null) {
                String base = escape(headers.get(i), "col_" + (i + 1));
                String name = base;
                for (int n = 2; !taken.add(name); n++) {
                    name = base + "_" + n;
                }
                names[i] = name;
            }
        }
        return new ArrayList<>(List.of(names));
    }

    /** A record name from the last segment of a file or prefix URI, without compression and CSV extensions. */
    static String record(String uri) {
        String path = uri.replaceAll("/+$", "");
        String last = decode(path.substring(path.lastIndexOf('/') + 1));
        String previous;
        do {
            previous = last;
            last = EXTENSION.matcher(last).replaceFirst("");
        } while (!last.equals(previous));
        return escape(last, "Row");
    }

    /** A URI's %-escapes undone ({@code sales%202026.csv} is {@code sales 2026.csv}); a plain path as it is. */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEscaped) {
            return segment;
        }
    }

    /** A dotted Avro namespace, or an IllegalArgumentException naming the part that is not a name. */
    static String namespace(String namespace) {
        if (namespace.isEmpty()) {
            return namespace;
        }
        for (String part : namespace.split("\\.", -1)) {
            if (!isValid(part)) {
                throw new IllegalArgumentException("--namespace '" + namespace + "' is not an Avro namespace: '" + part
                        + "' is not a name ([A-Za-z_][A-Za-z0-9_]*, parts separated by dots), e.g. com.example.orders");
            }
        }
        return namespace;
    }

    static String escape(String text, String fallback) {
        String ascii = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        String name = INVALID_RUN.matcher(ascii).replaceAll("_");
        if (name.replace("_", "").isEmpty() && !isValid(text)) {
            return fallback;
        }
        if (Character.isDigit(name.charAt(0))) {
            name = "_" + name;
        }
        return name;
    }

}
