package com.csvtokafka.it;

import java.util.concurrent.TimeUnit;

/**
 * The writer of a source topic that a copy follows ({@code --follow}): a thread of its own {@link SourceTopic#append
 * appends} to the topic, about 25 committed records at a time (in transactions, every fourth one aborted), until
 * {@link #close}d. What it committed is the topic's {@link SourceTopic#committed}, read while it writes.
 */
public final class SourceProducer implements AutoCloseable {
    private static final int BATCH = 25;

    private final Thread thread;
    private volatile boolean producing = true;
    private volatile Throwable failure;

    private SourceProducer(SourceTopic source) {
        thread = new Thread(() -> {
            try {
                while (producing) {
                    source.append(BATCH);
                }
            } catch (Throwable t) {
                failure = t;
            }
        }, "source-producer-" + source.name());
    }

    public static SourceProducer start(SourceTopic source) {
        SourceProducer producer = new SourceProducer(source);
        producer.thread.start();
        return producer;
    }

    /**
     * Stops writing once the batch under way is committed (a second close is harmless); throws what made the
     * producer stop early, if anything did.
     */
    @Override
    public void close() throws InterruptedException {
        producing = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        if (failure != null) {
            throw new IllegalStateException("the source producer failed: " + failure, failure);
        }
    }
}
