package com.csvtokafka.infra.constructs;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.constructs.IConstruct;

/**
 * cdk-nag findings (AWS Solutions rules) accepted on purpose, each suppressed on the construct it is about, with the
 * reason. The suppressions land in the templates' metadata ({@code cdk_nag.rules_to_suppress}); NagTest runs the
 * checks over every stack and fails on any finding not suppressed here.
 */
public final class Nag {

    private Nag() {
    }

    /** Suppresses {@code rule} ({@code AwsSolutions-ECS2}) on {@code scope} and the resources in it. */
    public static void suppress(IConstruct scope, String rule, String reason) {
        suppress(scope, NagPackSuppression.builder().id(rule).reason(reason).build());
    }

    /**
     * Suppresses only the findings of {@code rule} that are named exactly ({@code Resource::*} for
     * {@code AwsSolutions-IAM5[Resource::*]}), so any other finding of the same rule still fails NagTest.
     */
    public static void suppressFindings(IConstruct scope, String rule, List<String> findings, String reason) {
        suppress(scope, NagPackSuppression.builder().id(rule).reason(reason).appliesTo(findings).build());
    }

    /** As {@link #suppressFindings}, for findings that hold deploy-time values: each matched by a regex. */
    public static void suppressFindingsMatching(IConstruct scope, String rule, List<String> regexes, String reason) {
        suppress(scope, NagPackSuppression.builder().id(rule).reason(reason)
                .appliesTo(regexes.stream().map(regex -> RegexAppliesTo.builder().regex("/" + regex + "/").build())
                        .toList())
                .build());
    }

    /** {@code text} as a regex that matches it literally (cdk-nag's regexes are JavaScript's). */
    public static String literal(String text) {
        return text.replaceAll("[.*+?^${}()|\\[\\]\\\\/]", "\\\\$0");
    }

    private static void suppress(IConstruct scope, NagPackSuppression suppression) {
        NagSuppressions.addResourceSuppressions(scope, List.of(suppression), true);
    }
}
