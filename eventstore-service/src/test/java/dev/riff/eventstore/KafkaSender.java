package dev.riff.eventstore;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes CloudEvents on a domain topic as the owning service's outbox relay would: keyed, in order. */
final class KafkaSender {

    private KafkaSender() {
    }

    /** All at once (the producer batches them, keeping each key's order), so a consumer sees them in few polls. */
    static void send(String bootstrapServers, String topic, List<CloudEvent> events) throws Exception {
        sendRaw(bootstrapServers, topic, events.stream().map(event -> new String[] {event.recordKey(), CloudEventCodec.write(event)}).toList());
    }

    /** Key and value pairs, malformed values too, all at once and in order. */
    static void sendRaw(String bootstrapServers, String topic, List<String[]> records) throws Exception {
        try (KafkaProducer<String, String> producer = producer(bootstrapServers)) {
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (String[] record : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, record[0], record[1])));
            }
            producer.flush();
            for (var acknowledged : sent) {
                acknowledged.get();
            }
        }
    }

    /** Any record, a malformed one too. */
    static void send(String bootstrapServers, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = producer(bootstrapServers)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(properties);
    }
}
