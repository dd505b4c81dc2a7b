package dev.riff.gateway.service;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Interactions this gateway fleet has taken on, in Redis for the 15 minutes Discord lets an
 * interaction be answered: the first claim wins (a replayed event is not handled twice), and the
 * token is kept so whichever pod receives the playback result can edit the reply.
 */
@ApplicationScoped
public class InteractionRegistry {

    /** Discord's interaction token lifetime. */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    /** How the interaction was acknowledged, which decides how to reply to it later. */
    public enum Acknowledgement {
        /** A deferred public reply. */
        PUBLIC,
        /** A deferred ephemeral reply. */
        EPHEMERAL,
        /** A deferred update of the message a button sits on. */
        COMPONENT
    }

    /** What a later reply needs: the token and how the interaction was acknowledged. */
    public record Claim(String token, Acknowledgement acknowledgement) {

        String encode() {
            return acknowledgement.name() + ":" + token;
        }

        static Claim decode(String value) {
            int colon = value.indexOf(':');
            return new Claim(value.substring(colon + 1), Acknowledgement.valueOf(value.substring(0, colon)));
        }
    }

    private final ReactiveRedisDataSource redis;

    InteractionRegistry(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** True for the first claim of the interaction, false when it was already taken on. */
    public Uni<Boolean> claim(String interactionId, String token, Acknowledgement acknowledgement) {
        return redis.value(String.class)
                .setGet(key(interactionId), new Claim(token, acknowledgement).encode(), new SetArgs().nx().ex(TOKEN_LIFETIME))
                .map(previous -> previous == null);
    }

    /** Records how the interaction was acknowledged once that is decided. */
    public Uni<Void> acknowledged(String interactionId, String token, Acknowledgement acknowledgement) {
        return redis.value(String.class).set(key(interactionId), new Claim(token, acknowledgement).encode(),
                new SetArgs().xx().ex(TOKEN_LIFETIME));
    }

    /** The claim, or null once the interaction can no longer be answered. */
    public Uni<Claim> find(String interactionId) {
        return redis.value(String.class).get(key(interactionId)).map(value -> value == null ? null : Claim.decode(value));
    }

    private static String key(String interactionId) {
        return "riff:interaction:" + interactionId;
    }
}
