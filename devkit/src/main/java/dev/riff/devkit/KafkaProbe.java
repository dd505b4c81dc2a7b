package dev.riff.devkit;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Test support: watches a topic from the moment it is created (what was already there is skipped)
 * and publishes CloudEvents, so tests assert on what crossed Kafka.
 */
public final class KafkaProbe implements AutoCloseable {

    /** A CloudEvent as it arrived, with its record key, partition and the record's timestamp (when its producer sent it). */
    public record Received(String key, int partition, CloudEvent event, Instant sent) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Received> received = new ArrayList<>();
    private final String bootstrapServers;

    public KafkaProbe(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
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

    /** The first event matching the predicate, waiting up to the timeout. */
    public synchronized Optional<Received> await(Predicate<Received> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Received> found = received.stream().filter(matching).findFirst();
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found;
            }
            poll();
        }
    }

    /** Every matching event seen within the duration (waits the whole duration). */
    public synchronized List<Received> collect(Predicate<Received> matching, Duration during) {
        long deadline = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < deadline) {
            poll();
        }
        return received.stream().filter(matching).toList();
    }

    private void poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            try {
                received.add(new Received(record.key(), record.partition(), CloudEventCodec.read(record.value()),
                        Instant.ofEpochMilli(record.timestamp())));
            } catch (IllegalArgumentException notACloudEvent) {
                // other test traffic
            }
        }
    }

    /** Publishes an event keyed by its partition key, as a service's outbox relay would. */
    public void publish(String topic, CloudEvent event) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            producer.send(new ProducerRecord<>(topic, event.recordKey(), CloudEventCodec.write(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
