package com.csvtokafka.it.permissions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a copy from a Kafka topic asks of the source cluster, as MSK IAM sees it. No run of the processor's Kafka
 * source is recorded here: this is a table of the requests Kafka's Java client sends to read a topic the way the
 * source does (partitions assign()ed, no consumer group, read_committed, log start and end offsets listed) and the
 * operation Kafka's authorizer checks for each (KafkaApis), mapped to MSK's actions by {@link MskActions} — which
 * gives the three the MSK Developer Guide lists for a consumer without a group: kafka-cluster:Connect,
 * kafka-cluster:DescribeTopic and kafka-cluster:ReadData. KafkaSourcePermissionsIT shows that a real consumer doing
 * those reads against a broker that logs its authorizations needs nothing beyond the table.
 * ApiVersions and the SASL handshake are authorized by no ACL (MSK IAM: Connect). Left out on purpose: the group
 * requests (FindCoordinator, JoinGroup, OffsetCommit, OffsetFetch: DescribeGroup/AlterGroup), since the position is
 * kept in the target's anchors, not in a consumer group.
 */
final class KafkaSourceCalls {

    /** One request and the operation on the source topic it is authorized as. */
    record Request(String api, String operation, String why) {
    }

    static final List<Request> REQUESTS = List.of(
            new Request("Metadata", "DESCRIBE", "the source topic's partitions and their leaders"),
            new Request("ListOffsets", "DESCRIBE", "log start offsets (gaps), end offsets (the pinned end of a "
                    + "bounded copy, the lag of a following one)"),
            new Request("OffsetForLeaderEpoch", "DESCRIBE", "validating the fetch position after a leader change"),
            new Request("Fetch", "READ", "the records, read_committed"));

    private KafkaSourceCalls() {
    }

    /** The MSK IAM calls of reading {@code topic} on the cluster of {@code msk}. */
    static List<AwsCall> of(MskActions msk, String topic) {
        String origin = "Kafka source table";
        List<AwsCall> calls = new ArrayList<>(List.of(msk.connect(origin)));
        for (Request request : REQUESTS) {
            AwsCall mapped = msk.call(request.operation(), "Topic", topic, request.api(), origin).orElseThrow();
            calls.add(new AwsCall(mapped.action(), mapped.resource(), Map.of(), origin + ": " + request.api() + " ("
                    + request.operation() + " Topic), " + request.why()));
        }
        return calls;
    }
}
