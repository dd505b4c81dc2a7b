package dev.riff.support.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import dev.riff.support.messaging.KafkaConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether the Kafka broker answers, asked with a bounded timeout and never on a blocking call: for
 * readiness, and every few seconds for the {@code riff_kafka_broker_reachable} gauge. Quarkus' own
 * Kafka check waits up to a minute and puts the exception text in the health body; this one does
 * neither.
 */
@ApplicationScoped
public class KafkaBrokerProbe {

    private static final Logger LOG = Logger.getLogger(KafkaBrokerProbe.class);

    private final ReadinessConfig config;
    private final KafkaConnection kafka;
    private final String clientId;
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private volatile Admin admin;
    private long timer = -1;

    KafkaBrokerProbe(ReadinessConfig config, MeterRegistry registry,
            KafkaConnection kafka, @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.config = config;
        this.kafka = kafka;
        this.clientId = applicationName + "-broker-probe";
        // Strong reference: Micrometer holds gauge state weakly, and a collected one reads NaN.
        Gauge.builder("riff.kafka.broker.reachable", reachable, state -> state.get() ? 1 : 0)
                .strongReference(true).register(registry);
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        if (config.kafka() == ReadinessConfig.Need.UNUSED) {
            return;
        }
        Properties properties = kafka.clientProperties(clientId);
        int timeoutMillis = (int) config.timeout().toMillis();
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis);
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5000);
        admin = Admin.create(properties);
        timer = vertx.setPeriodic(1, config.kafkaProbeInterval().toMillis(), id -> probe().subscribe().with(ok -> { }));
    }

    void stop(@Observes ShutdownEvent event, Vertx vertx) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(1));
        }
    }

    /** Asks the broker now; true when it described its cluster within the timeout. */
    public Uni<Boolean> probe() {
        Admin client = admin;
        if (client == null) {
            return Uni.createFrom().item(false);
        }
        var options = new DescribeClusterOptions().timeoutMs((int) config.timeout().toMillis());
        return Uni.createFrom().completionStage(() -> client.describeCluster(options).nodes().toCompletionStage())
                .map(nodes -> !nodes.isEmpty())
                .ifNoItem().after(config.timeout().plusMillis(200)).recoverWithItem(false)
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("Kafka broker probe failed: %s", failure);
                    return false;
                })
                .invoke(this::record);
    }

    private void record(boolean answered) {
        if (reachable.getAndSet(answered) != answered) {
            if (answered) {
                LOG.infof("Kafka broker %s reachable again", kafka.bootstrapServers());
            } else {
                LOG.warnf("Kafka broker %s unreachable", kafka.bootstrapServers());
            }
        }
    }
}
