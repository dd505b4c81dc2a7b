package dev.riff.support.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Properties;

/**
 * How this service reaches the broker and proves who it is: the bootstrap servers and the
 * security settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}) from the same
 * {@code kafka.*} configuration the SmallRye channels use, so the clients Riff builds itself (the
 * outbox relay's producer, the readiness probe's admin client) connect exactly as its consumers do.
 */
@ApplicationScoped
public class KafkaConnection {

    private final Map<String, Object> brokerConfig;

    @Inject
    KafkaConnection(@Identifier("default-kafka-broker") Map<String, Object> brokerConfig) {
        this.brokerConfig = brokerConfig;
    }

    /** The connection settings for one client of this service; the caller adds what its client needs. */
    public Properties clientProperties(String clientId) {
        Properties properties = new Properties();
        brokerConfig.forEach((key, value) -> {
            // An unset setting reaches the map as an empty string; Kafka would take "" for a value.
            if (isConnectionSetting(key) && value != null && !value.toString().isEmpty()) {
                properties.put(key, value);
            }
        });
        properties.put("client.id", clientId);
        return properties;
    }

    public String bootstrapServers() {
        return String.valueOf(brokerConfig.get("bootstrap.servers"));
    }

    static boolean isConnectionSetting(String key) {
        return key.equals("bootstrap.servers") || key.equals("security.protocol")
                || key.startsWith("sasl.") || key.startsWith("ssl.");
    }
}
