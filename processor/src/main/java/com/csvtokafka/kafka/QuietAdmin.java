package com.csvtokafka.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * The admin client of the start-up checks ({@link Topics}), with the Kafka client kept quiet while it is open: a
 * broker that cannot be reached would otherwise log a warning a second until the check gives up, ahead of the one
 * message that says what is wrong (the check's own, which carries the cause). What the {@code org.apache.kafka}
 * loggers log between the admin's creation and its close is dropped, unless LOG_LEVEL=DEBUG or KAFKA_LOG_LEVEL asks
 * for more than warnings. Only the start-up checks use an admin client, before any producer or consumer exists.
 */
final class QuietAdmin extends ForwardingAdmin {
    private static final String KAFKA_LOGGERS = "org.apache.kafka";
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final AtomicBoolean FILTER_INSTALLED = new AtomicBoolean();

    private final AtomicBoolean closed = new AtomicBoolean();

    private QuietAdmin(Map<String, Object> config) {
        super(config);
    }

    static Admin create(Map<String, Object> config) {
        installFilter();
        OPEN.incrementAndGet();
        try {
            return new QuietAdmin(config);
        } catch (RuntimeException e) {
            OPEN.decrementAndGet();
            throw e;
        }
    }

    @Override
    public void close(Duration timeout) {
        try {
            super.close(timeout);
        } finally {
            if (closed.compareAndSet(false, true)) {
                OPEN.decrementAndGet();
            }
        }
    }

    /** True while a start-up check's admin client is open. */
    static boolean quiet() {
        return OPEN.get() > 0;
    }

    private static void installFilter() {
        if (!FILTER_INSTALLED.compareAndSet(false, true) || LogManager.getRootLogger().isDebugEnabled()
                || LogManager.getLogger(KAFKA_LOGGERS).isInfoEnabled()
                || !(LogManager.getContext(false) instanceof LoggerContext context)) {
            return;
        }
        LoggerConfig kafka = context.getConfiguration().getLoggerConfig(KAFKA_LOGGERS);
        if (!kafka.getName().equals(KAFKA_LOGGERS)) {
            return; // a logging configuration without a level of its own for Kafka: leave it as it is
        }
        kafka.addFilter(new AbstractFilter(Filter.Result.DENY, Filter.Result.NEUTRAL) {
            @Override
            public Result filter(LogEvent event) {
                return quiet() ? onMatch : onMismatch;
            }
        });
        context.updateLoggers();
    }
}
