package dev.riff.config;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads and writes the real broker's topics the way other services do. */
final class KafkaTopics {

    private KafkaTopics() {
    }

    static void send(String topic, String key, String value) {
        dev.riff.support.testing.DeadLetterTopic.send(topic, key, value);
    }

    /** Waits (up to 30 s) for a record with this key on config.events that matches. */
    static ConsumerRecord<String, String> awaitConfigEvent(String key, Predicate<ConsumerRecord<String, String>> matching) {
        AtomicReference<ConsumerRecord<String, String>> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.set(findConfigEvent(key, matching, Duration.ofSeconds(3)));
            return found.get() != null;
        });
        return found.get();
    }

    /** The first record with this key on config.events that matches, looking for {@code within}; null if none. */
    static ConsumerRecord<String, String> findConfigEvent(String key, Predicate<ConsumerRecord<String, String>> matching, Duration within) {
        try (KafkaConsumer<String, String> consumer = freshConsumer()) {
            consumer.subscribe(List.of("config.events"));
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key()) && matching.test(record)) {
                        return record;
                    }
                }
            }
            return null;
        }
    }

    /** Every record with this key on config.events, read from the start for {@code during}. */
    static List<ConsumerRecord<String, String>> allConfigEvents(String key, Duration during) {
        List<ConsumerRecord<String, String>> found = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer = freshConsumer()) {
            consumer.subscribe(List.of("config.events"));
            long deadline = System.nanoTime() + during.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** A consumer of its own group, reading from the start. */
    private static KafkaConsumer<String, String> freshConsumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "config-test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(properties);
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
