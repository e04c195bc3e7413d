package com.csvtokafka.transfer;

import com.csvtokafka.kafka.KafkaSetupException;
import com.csvtokafka.kafka.Topics;

/**
 * A keyed job's partitions and lane count, fixed against its topic when the job runs (docs/architecture.md, "Keyed
 * mode"): {@code --partitions all} is the topic's partitions as they are now; the lane count is --lanes, else the count
 * the job ran with before, else the smaller of the partitions and the processors. Shared by keyed file jobs and Kafka
 * copies remapped by key.
 *
 * @param config          the job's settings with partitions and lanes fixed
 * @param maxMessageBytes the topic's max.message.bytes
 */
record KeyedPartitions(JobConfig config, int maxMessageBytes) {

    /**
     * Checks that the topic has the job's partitions (creating it under --create-topic: a list with its highest
     * partition + 1, {@code all} with {@code createAllWith} partitions when above 0 — a file job has no count for it).
     *
     * @param savedSpec what the job moved when it ran before (its checkpoint's settings), or null for a new job
     */
    static KeyedPartitions fix(JobConfig config, Topics topics, String savedSpec, int createAllWith)
            throws KafkaSetupException {
        PartitionList partitions = config.partitions();
        if (partitions.all()) {
            int count = createAllWith > 0 && config.createTopic() ? topics.partitions(config.topic(), createAllWith)
                    : topics.allPartitions(config.topic(), config.createTopic());
            partitions = partitions.resolve(count);
        }
        int max = topics.require(config.topic(), partitions.highest(), config.createTopic());
        int lanes = config.lanes();
        if (lanes == 0 && savedSpec != null) {
            lanes = JobSpec.read(savedSpec).lanes().orElse(0);
        }
        if (lanes == 0) {
            lanes = Math.min(partitions.size(), Runtime.getRuntime().availableProcessors());
        }
        if (lanes > partitions.size()) {
            throw new KafkaSetupException("--lanes " + lanes + " is more than the " + partitions.size()
                    + " partitions the job writes to: each lane owns at least one partition", true);
        }
        return new KeyedPartitions(config.with(partitions, lanes), max);
    }
}
