package com.csvtokafka.infra.constructs;

import com.csvtokafka.infra.Naming;
import java.util.List;
import software.amazon.awscdk.Fn;

/**
 * The MSK IAM resource ARNs derived from a cluster ARN {@code arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID}:
 * topics are {@code ...:topic/NAME/UUID/TOPIC} and transactional ids {@code ...:transactional-id/NAME/UUID/ID}.
 * Split/Select works on a literal ARN (resolved at synth) and on the sandbox cluster's deploy-time ARN alike.
 */
public record MskArns(String clusterArn) {

    private static final String CLUSTER = ":cluster/";

    /** {@code arn:aws:kafka:REGION:ACCOUNT} */
    private String accountPrefix() {
        return Fn.select(0, Fn.split(CLUSTER, clusterArn));
    }

    /** {@code NAME/UUID} */
    private String clusterPath() {
        return Fn.select(1, Fn.split(CLUSTER, clusterArn));
    }

    /** A topic ARN; a name ending in {@code *} stays a wildcard (IAM matches it as a prefix). */
    public String topic(String name) {
        return Fn.join("", List.of(accountPrefix(), ":topic/", clusterPath(), "/", name));
    }

    /** The ARNs of every transactional id of a job, its lanes and its shards ({@link Naming#transactionalIdPatterns}). */
    public List<String> transactionalIdsForJob(String jobIdPattern, int shards, int maxLanes) {
        return Naming.transactionalIdPatterns(jobIdPattern, shards, maxLanes).stream()
                .map(id -> Fn.join("", List.of(accountPrefix(), ":transactional-id/", clusterPath(), "/", id)))
                .toList();
    }
}
