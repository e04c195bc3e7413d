package com.csvtokafka.infra.config;

/**
 * The deployment's name ({@code -c deployment=NAME}), from which every physical name is derived, so that two
 * deployments (two teams, a test and a production one) fit one account and region: stack names, the log group, the
 * dashboard, the alarms, the sandbox cluster, the task definition family. The default gives the names a single
 * deployment has always had ({@code CheckpointStack}, {@code /csv-to-kafka/jobs}, ...). Everything else is named by
 * CloudFormation after the stack, hence distinct too.
 */
public record Deployment(String name) {

    public static final String DEFAULT = "csv-to-kafka";
    /** Lower-case letters, digits and '-', from a letter: valid in every name below (a stack name takes 128). */
    static final String PATTERN = "[a-z][a-z0-9-]{0,31}";

    public Deployment {
        if (!name.matches(PATTERN)) {
            throw new IllegalArgumentException("deployment name '" + name + "' must match " + PATTERN);
        }
    }

    public boolean isDefault() {
        return name.equals(DEFAULT);
    }

    /** {@code <name>-<suffix>}: alarms, the sandbox cluster. */
    public String name(String suffix) {
        return name + "-" + suffix;
    }

    /** The stack's name: its id in the default deployment (what {@code bin/deploy FargateStack} always made). */
    public String stackName(String stackId) {
        return isDefault() ? stackId : name + "-" + stackId;
    }

    public String logGroupName() {
        return "/" + name + "/jobs";
    }
}
