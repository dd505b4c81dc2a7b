package dev.riff.gateway.service;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** /play autocomplete: what the member is typing, then their recent requests that match it. */
@ApplicationScoped
public class RecentQueries {

    private static final int KEPT = 25;
    /** Discord shows at most 25 choices of at most 100 characters. */
    private static final int SHOWN = 25;
    private static final int CHOICE_LENGTH = 100;

    private final ReactiveRedisDataSource redis;

    RecentQueries(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    public Uni<Void> remember(String userId, String query) {
        if (query == null || query.isBlank() || query.length() > CHOICE_LENGTH) {
            return Uni.createFrom().voidItem();
        }
        String key = key(userId);
        return redis.list(String.class).lrem(key, 0, query)
                .chain(() -> redis.list(String.class).lpush(key, query))
                .chain(() -> redis.list(String.class).ltrim(key, 0, KEPT - 1))
                .chain(() -> redis.key().expire(key, Duration.ofDays(30)))
                .replaceWithVoid();
    }

    public Uni<List<String>> suggest(String userId, String typed) {
        String prefix = typed == null ? "" : typed.trim();
        return redis.list(String.class).lrange(key(userId), 0, KEPT - 1).map(recent -> {
            Set<String> choices = new LinkedHashSet<>();
            if (!prefix.isEmpty()) {
                choices.add(prefix.length() > CHOICE_LENGTH ? prefix.substring(0, CHOICE_LENGTH) : prefix);
            }
            String needle = prefix.toLowerCase(Locale.ROOT);
            for (String query : recent) {
                if (query.toLowerCase(Locale.ROOT).contains(needle)) {
                    choices.add(query);
                }
            }
            return new ArrayList<>(choices).subList(0, Math.min(SHOWN, choices.size()));
        });
    }

    private static String key(String userId) {
        return "riff:recent-queries:" + userId;
    }
}
