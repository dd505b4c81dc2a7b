package dev.riff.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.TrackEvent;
import dev.riff.devkit.FleetService;
import dev.riff.devkit.KafkaBroker;
import dev.riff.devkit.Ports;
import dev.riff.devkit.ServiceProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two webhook-service replicas share one database and one consumer group. They split the sending,
 * no message is ever sent by both at once, and when one is killed mid-delivery the other sends what
 * it held once its lease ends: every message is delivered, and only messages the dead replica had
 * sent before it died arrive twice (at least once, with the same webhook-id).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookReplicasIT {

    private static final int ENDPOINTS = 4;
    private static final int EVENTS = 400;
    private static final String DATABASE = "jdbc:postgresql://127.0.0.1:5432/riff_webhook_test?user=riff_webhook";

    private Path state;
    private KafkaBroker kafka;
    private ServiceProcess first;
    private ServiceProcess second;
    private HttpServer receiver;
    private final Map<String, List<Instant>> arrivals = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> answering = new ConcurrentHashMap<>();
    private final AtomicInteger sentTwiceAtOnce = new AtomicInteger();

    @BeforeAll
    void start() throws IOException {
        Path root = Path.of(System.getProperty("riff.root", "..")).toAbsolutePath().normalize();
        state = Files.createTempDirectory("riff-webhook-replicas");
        kafka = new KafkaBroker(state.resolve("kafka"), Ports.free(), Ports.free());
        kafka.start();
        kafka.createTopics();
        // Each replica its own state directory (logs, pid file); the same database and consumer group.
        Map<String, String> shared = Map.of("riff.kafka.bootstrap", kafka.bootstrapServers(), "riff.database-name", "riff_webhook_test",
                "riff.webhooks.development-hosts", "127.0.0.1:*", "riff.webhooks.timeout", "3s", "riff.webhooks.lease", "8s",
                "riff.webhooks.retry-schedule", "1s,1s,2s", "mp.messaging.incoming.domain-events.auto.offset.reset", "earliest",
                "mp.messaging.incoming.domain-events.session.timeout.ms", "6000");
        first = new ServiceProcess(FleetService.WEBHOOK, root, Files.createDirectories(state.resolve("a")), Ports.free(), shared);
        second = new ServiceProcess(FleetService.WEBHOOK, root, Files.createDirectories(state.resolve("b")), Ports.free(), shared);
        first.start();
        second.start();
        first.awaitReady(Duration.ofSeconds(120));
        second.awaitReady(Duration.ofSeconds(120));

        // Answers after 300 ms, so attempts overlap; counts any message that arrives while it is already being answered.
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(64));
        receiver.createContext("/", exchange -> {
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            exchange.getRequestBody().readAllBytes();
            arrivals.computeIfAbsent(id, ignored -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(Instant.now());
            if (answering.computeIfAbsent(id, ignored -> new AtomicInteger()).incrementAndGet() > 1) {
                sentTwiceAtOnce.incrementAndGet();
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answering.get(id).decrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    void stop() throws IOException {
        if (receiver != null) {
            receiver.stop(0);
        }
        for (ServiceProcess replica : new ServiceProcess[] {first, second}) {
            if (replica != null) {
                replica.stop();
            }
        }
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Test
    void replicasShareTheSendingAndAKilledOnesMessagesAreSentByTheOther() throws Exception {
        List<String> guilds = new ArrayList<>();
        List<String> subscriptions = new ArrayList<>();
        for (int i = 0; i < ENDPOINTS; i++) {
            String guild = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 999_999_999_999_999_999L));
            Http.Reply created = Http.post(first.url() + "/api/v1/guilds/" + guild + "/webhooks", CloudEventCodec.mapper().createObjectNode()
                    .put("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/" + i)
                    .set("events", CloudEventCodec.mapper().createArrayNode().add("track.started")).toString());
            assertEquals(201, created.status(), () -> "subscribing answered " + created.body());
            guilds.add(guild);
            subscriptions.add(created.body().path("endpoint").path("id").asText());
        }

        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            for (int i = 0; i < EVENTS; i++) {
                String guild = guilds.get(i % ENDPOINTS);
                CloudEvent started = CloudEvent.create(EventTypes.TRACK_STARTED, "/playback-service", guild, guild,
                        CloudEventCodec.mapper().valueToTree(new TrackEvent(guild, "Tune " + i, "https://example.org/" + i + ".ogg", "http",
                                "123456789012345678", 30_000, 0, null)));
                producer.send(new ProducerRecord<>("playback.events", started.recordKey(), CloudEventCodec.write(started)));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from webhook_message where subscription_id = any(?::uuid[])",
                subscriptions) == EVENTS);

        // Both replicas send; the second dies with attempts awaiting their answers.
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered(first) >= 10 && delivered(second) >= 10);
        second.kill();
        Instant killed = Instant.now();

        await().atMost(Duration.ofSeconds(90)).until(() -> count("select count(*) from webhook_message where subscription_id = any(?::uuid[])"
                + " and status = 'delivered'", subscriptions) == EVENTS);
        assertEquals(0, sentTwiceAtOnce.get(), "a message was sent again while its attempt still awaited an answer");
        Set<String> messageIds = ids(subscriptions);
        assertEquals(messageIds, arrivals.keySet().stream().filter(messageIds::contains).collect(Collectors.toSet()),
                "every message arrived");
        Map<String, List<Instant>> twice = arrivals.entrySet().stream().filter(e -> messageIds.contains(e.getKey()) && e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        System.out.printf("webhook replicas: %d messages, %d sent again after the kill (held by the killed replica)%n", messageIds.size(), twice.size());
        assertTrue(twice.values().stream().allMatch(times -> times.get(0).isBefore(killed)),
                () -> "only messages first sent before the kill may arrive again: " + twice);
        assertTrue(twice.values().stream().allMatch(times -> times.size() == 2), () -> "none arrives more than twice: " + twice);
    }

    /** Attempts this replica recorded as delivered, from its metrics. */
    private static double delivered(ServiceProcess replica) {
        try {
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(replica.managementUrl() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(line -> line.startsWith("riff_webhook_attempts_total") && line.contains("outcome=\"delivered\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static long count(String sql, List<String> subscriptions) throws SQLException {
        try (Connection connection = DriverManager.getConnection(DATABASE); var statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", subscriptions.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Set<String> ids(List<String> subscriptions) throws SQLException {
        try (Connection connection = DriverManager.getConnection(DATABASE);
                var statement = connection.prepareStatement("select id from webhook_message where subscription_id = any(?::uuid[])")) {
            statement.setArray(1, connection.createArrayOf("text", subscriptions.toArray()));
            Set<String> ids = new java.util.HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }
}
