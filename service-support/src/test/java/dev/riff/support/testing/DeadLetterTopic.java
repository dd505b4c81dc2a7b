package dev.riff.support.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A service's dead-letter topic, watched from now on: tests send raw records (anything, not only
 * CloudEvents) to the topic a consumer reads and wait for them to be set aside here.
 */
public final class DeadLetterTopic implements AutoCloseable {

    /** A record set aside, with the reason the dead-letter strategy recorded. */
    public record SetAside(String key, String value, String reason) {
    }

    private final String bootstrapServers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    private final KafkaConsumer<String, String> consumer;
    private final List<SetAside> seen = new java.util.ArrayList<>();

    public DeadLetterTopic(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(properties);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Sends a record as is (a string value, CloudEvent or not) to any topic, waiting for the broker's acknowledgement. */
    public static void send(String topic, String key, String value) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /** Every record whose value contains {@code marker} that arrives within {@code during}, oldest first. */
    public List<SetAside> collect(String marker, Duration during) {
        long deadline = System.nanoTime() + during.toNanos();
        while (System.nanoTime() <= deadline) {
            poll();
        }
        return matching(marker).toList();
    }

    /** The first record set aside whose value contains {@code marker}, waiting up to {@code timeout}. */
    public Optional<SetAside> await(String marker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<SetAside> found = matching(marker).findFirst();
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found;
            }
            poll();
        }
    }

    private java.util.stream.Stream<SetAside> matching(String marker) {
        return seen.stream().filter(r -> r.value() != null && r.value().contains(marker));
    }

    private void poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            var reason = record.headers().lastHeader("dead-letter-reason");
            seen.add(new SetAside(record.key(), record.value(), reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8)));
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
