package com.csvtokafka.infra;

/** The one place that spells physical names, so every resource of the product is recognisable in the console. */
public final class Naming {

    public static final String PROJECT = "csv-to-kafka";
    /** The container's name in task and job definitions; the run commands' overrides refer to it. */
    public static final String CONTAINER = "processor";

    private Naming() {
    }

    /** {@code csv-to-kafka-<suffix>}. */
    public static String name(String suffix) {
        return PROJECT + "-" + suffix;
    }

    /** The transactional.id the processor uses for a job (its fencing identity, docs/architecture.md "Recovery rules"). */
    public static String transactionalId(String jobId) {
        return PROJECT + "-" + jobId;
    }
}
