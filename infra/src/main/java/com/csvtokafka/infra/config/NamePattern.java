package com.csvtokafka.infra.config;

/**
 * A topic name or job id as given in context: either exact ({@code orders}) or a prefix ending in {@code *}
 * ({@code orders-*}). IAM is scoped to exactly what is given; a prefix lets one deployment run many jobs, each
 * naming its exact value when it is started (the run commands show where).
 */
public record NamePattern(String value) {

    static final String EXAMPLE_SUFFIX = "demo";

    public NamePattern {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        if (value.indexOf('*') >= 0 && value.indexOf('*') != value.length() - 1) {
            throw new IllegalArgumentException("'" + value + "' may contain '*' only as its last character");
        }
    }

    public boolean isPrefix() {
        return value.endsWith("*");
    }

    /** The value for the environment of the container, or {@code null} when the job must name it at start. */
    public String exactOrNull() {
        return isPrefix() ? null : value;
    }

    /** A concrete value the printed run commands use: the exact value, or the prefix followed by "demo". */
    public String example() {
        return isPrefix() ? value.substring(0, value.length() - 1) + EXAMPLE_SUFFIX : value;
    }
}
