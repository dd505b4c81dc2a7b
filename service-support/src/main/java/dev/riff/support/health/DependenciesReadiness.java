package dev.riff.support.health;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the infrastructure the service uses, as {@link ReadinessConfig} declares it: each
 * dependency is asked at once, each within the timeout, and reported as {@code reachable},
 * {@code unreachable} (a required one: DOWN) or {@code degraded} (the service serves on). The body
 * carries states only, never exception text.
 */
@Readiness
@ApplicationScoped
public class DependenciesReadiness implements AsyncHealthCheck {

    private final ReadinessConfig config;
    private final Instance<Pool> database;
    private final Instance<ReactiveRedisDataSource> redis;
    private final KafkaBrokerProbe kafka;

    DependenciesReadiness(ReadinessConfig config, Instance<Pool> database, Instance<ReactiveRedisDataSource> redis,
            KafkaBrokerProbe kafka) {
        this.config = config;
        this.database = database;
        this.redis = redis;
        this.kafka = kafka;
    }

    private record Answer(String name, ReadinessConfig.Need need, boolean reachable) {
        String state() {
            return reachable ? "reachable" : need == ReadinessConfig.Need.REQUIRED ? "unreachable" : "degraded";
        }
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<Uni<Answer>> answers = new ArrayList<>();
        add(answers, "postgresql", config.postgresql(), () -> database.get().query("select 1").execute().replaceWith(true));
        add(answers, "redis", config.redis(), () -> redis.get().execute("PING").replaceWith(true));
        add(answers, "kafka", config.kafka(), kafka::probe);
        if (answers.isEmpty()) {
            return Uni.createFrom().item(HealthCheckResponse.up("Riff dependencies"));
        }
        return Uni.join().all(answers).andFailFast().map(all -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("Riff dependencies");
            boolean up = true;
            for (Answer answer : all) {
                response.withData(answer.name(), answer.state());
                up &= answer.reachable() || answer.need() != ReadinessConfig.Need.REQUIRED;
            }
            return response.status(up).build();
        });
    }

    private void add(List<Uni<Answer>> answers, String name, ReadinessConfig.Need need, Supplier<Uni<? extends Boolean>> ask) {
        if (need == ReadinessConfig.Need.UNUSED) {
            return;
        }
        answers.add(Uni.createFrom().deferred(ask)
                .ifNoItem().after(config.timeout()).recoverWithItem(false)
                .onFailure().recoverWithItem(false)
                .map(reachable -> new Answer(name, need, reachable)));
    }
}
