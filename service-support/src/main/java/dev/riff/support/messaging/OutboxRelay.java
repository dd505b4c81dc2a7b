package dev.riff.support.messaging;

import dev.riff.contracts.CloudEvent;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Publishes committed outbox events to Kafka in the order they were written, then deletes them.
 *
 * <p>Runs on a dedicated thread with plain JDBC: it is a background process, never on a request
 * path. A transaction-scoped advisory lock lets only one replica relay at a time, which keeps
 * per-key order across replicas. Delivery is at least once (a crash between Kafka's ack and the
 * delete republishes the round); consumers deduplicate by CloudEvent id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key shared by every replica of one service (each service has its own database). */
    private static final long RELAY_LOCK = 0x6f7574626f78L;
    private static final String CONTENT_TYPE_HEADER = "content-type";

    private final AgroalDataSource dataSource;
    private final OutboxConfig config;
    private final KafkaConnection kafka;
    private final String clientId;
    private final Counter publishedCounter;
    private final Counter failedRounds;
    private final Timer publishLag;
    private final Counter deadLettered;

    private volatile boolean running;
    private volatile String lastError;
    private Thread thread;
    private KafkaProducer<String, String> producer;

    OutboxRelay(AgroalDataSource dataSource, OutboxConfig config, MeterRegistry registry,
            KafkaConnection kafka, @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.dataSource = dataSource;
        this.config = config;
        this.kafka = kafka;
        this.clientId = applicationName + "-outbox-relay";
        this.publishedCounter = registry.counter("riff.outbox.published");
        this.failedRounds = registry.counter("riff.outbox.failed.rounds");
        this.deadLettered = registry.counter("riff.outbox.dead.lettered");
        this.publishLag = Timer.builder("riff.outbox.publish.lag")
                .description("Time from an event's commit to Kafka's acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.relayEnabled()) {
            LOG.info("Outbox relay disabled (riff.outbox.relay-enabled=false)");
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name(clientId).daemon(false).start(this::run);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(config.idlePoll().toMillis() + config.sendTimeout().toMillis());
        }
        closeProducer();
    }

    /** The last failure of a relay round, or null while the relay is healthy. */
    public String lastError() {
        return lastError;
    }

    private void run() {
        Duration backoff = Duration.ZERO;
        while (running) {
            try (Connection listener = dataSource.getConnection()) {
                try (Statement listen = listener.createStatement()) {
                    listen.execute("listen outbox_event");
                }
                while (running) {
                    int published = relayRound();
                    backoff = Duration.ZERO;
                    lastError = null;
                    if (published < config.batchSize()) {
                        listener.unwrap(PGConnection.class).getNotifications((int) config.idlePoll().toMillis());
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                failedRounds.increment();
                closeProducer();
                backoff = backoff.isZero() ? Duration.ofMillis(200) : min(backoff.multipliedBy(2), config.maxBackoff());
                if (lastError == null) {
                    LOG.warnf("Outbox relay paused, retrying with backoff up to %s: %s", config.maxBackoff(), e);
                }
                lastError = e.toString();
                sleep(backoff);
            }
        }
    }

    /**
     * One round: what Kafka acknowledged is deleted and what it refused for good is set aside, and
     * both are committed even when other records of the round failed for a passing reason (those
     * stay for the next round). So a round never republishes an acknowledged event, and no single
     * event can hold back the ones behind it.
     */
    private int relayRound() throws Exception {
        Round round;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                round = relayLocked(connection);
                connection.commit();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
        if (round.passingFailure() != null) {
            throw round.passingFailure();
        }
        return round.handled();
    }

    /** Events handled (acknowledged or set aside) in a round, and a failure that may pass if one stopped the rest. */
    private record Round(int handled, Exception passingFailure) {
    }

    private Round relayLocked(Connection connection) throws Exception {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return new Round(0, null); // another replica is relaying
                }
            }
        }
        List<PendingEvent> pending = readPending(connection);
        if (pending.isEmpty()) {
            return new Round(0, null);
        }
        KafkaProducer<String, String> kafka = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(pending.size());
        for (PendingEvent event : pending) {
            ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
            record.headers().add(CONTENT_TYPE_HEADER, CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            acks.add(send(kafka, record));
        }
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        List<PendingEvent> delivered = new ArrayList<>();
        Map<PendingEvent, Throwable> refused = new LinkedHashMap<>();
        Exception passingFailure = null;
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                delivered.add(pending.get(i));
            } catch (ExecutionException e) {
                if (refusedForGood(e.getCause())) {
                    refused.put(pending.get(i), e.getCause());
                } else if (passingFailure == null) {
                    passingFailure = e;
                }
            } catch (TimeoutException e) {
                if (passingFailure == null) {
                    passingFailure = e;
                }
            }
        }
        delete(connection, delivered);
        setAside(connection, refused);
        Instant now = Instant.now();
        for (PendingEvent event : delivered) {
            publishLag.record(Duration.between(event.createdAt(), now));
        }
        publishedCounter.increment(delivered.size());
        return new Round(delivered.size() + refused.size(), passingFailure);
    }

    /** A send that fails before it starts (the producer refuses the record itself) fails its future instead. */
    private static Future<RecordMetadata> send(KafkaProducer<String, String> kafka, ProducerRecord<String, String> record) {
        try {
            return kafka.send(record);
        } catch (KafkaException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /** What no retry can change: the record itself is unacceptable to the broker or the client. */
    static boolean refusedForGood(Throwable cause) {
        return cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                || cause instanceof InvalidTopicException || cause instanceof InvalidRecordException
                || cause instanceof SerializationException;
    }

    /** Moves refused events into outbox_dead_letter (same id and content, with the reason), in the round's transaction. */
    private void setAside(Connection connection, Map<PendingEvent, Throwable> refused) throws SQLException {
        if (refused.isEmpty()) {
            return;
        }
        try (PreparedStatement move = connection.prepareStatement("""
                with moved as (delete from outbox_event where id = ? returning *)
                insert into outbox_dead_letter (id, event_id, topic, record_key, event_type, payload, created_at, reason)
                select id, event_id, topic, record_key, event_type, payload, created_at, ? from moved""")) {
            for (var entry : refused.entrySet()) {
                move.setLong(1, entry.getKey().id());
                move.setString(2, entry.getValue().toString());
                move.addBatch();
            }
            move.executeBatch();
        }
        for (var entry : refused.entrySet()) {
            deadLettered.increment();
            LOG.errorf("Outbox event %d (topic %s, key %s) refused by Kafka for good and set aside in outbox_dead_letter: %s",
                    entry.getKey().id(), entry.getKey().topic(), entry.getKey().key(), entry.getValue());
        }
    }

    private List<PendingEvent> readPending(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select id, topic, record_key, payload, created_at from outbox_event order by id limit ?")) {
            select.setInt(1, config.batchSize());
            List<PendingEvent> pending = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Timestamp createdAt = rs.getTimestamp(5);
                    pending.add(new PendingEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            createdAt.toInstant()));
                }
            }
            return pending;
        }
    }

    private static void delete(Connection connection, List<PendingEvent> published) throws SQLException {
        if (published.isEmpty()) {
            return;
        }
        Long[] ids = published.stream().map(PendingEvent::id).toArray(Long[]::new);
        try (PreparedStatement delete = connection.prepareStatement("delete from outbox_event where id = any(?)")) {
            Array array = connection.createArrayOf("bigint", ids);
            delete.setArray(1, array);
            delete.executeUpdate();
        }
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties properties = kafka.clientProperties(clientId);
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            properties.put(ProducerConfig.LINGER_MS_CONFIG, 2);
            int timeout = (int) config.sendTimeout().toMillis();
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
            properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout / 2);
            properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
            properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(properties);
        }
        return producer;
    }

    private void closeProducer() {
        KafkaProducer<String, String> current = producer;
        producer = null;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record PendingEvent(long id, String topic, String key, String payload, Instant createdAt) {
    }
}
