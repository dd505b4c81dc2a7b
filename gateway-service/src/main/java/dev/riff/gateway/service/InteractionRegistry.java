package dev.riff.gateway.service;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;

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

    /**
     * What a later reply needs: the token, how the interaction was acknowledged, and the language
     * to word it in (a BCP 47 tag, or empty for English).
     */
    public record Claim(String token, Acknowledgement acknowledgement, String language) {

        public Claim {
            language = language == null || !language.matches("[A-Za-z0-9-]{0,35}") ? "" : language;
        }

        public Locale locale() {
            return Wording.language(null, language);
        }

        String encode() {
            return acknowledgement.name() + ":" + language + ":" + token;
        }

        /** Also reads claims written before the language was kept ("ACK:token"). */
        static Claim decode(String value) {
            String[] parts = value.split(":", 3);
            return parts.length == 3 ? new Claim(parts[2], Acknowledgement.valueOf(parts[0]), parts[1])
                    : new Claim(parts[1], Acknowledgement.valueOf(parts[0]), "");
        }
    }

    private final ReactiveRedisDataSource redis;

    InteractionRegistry(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** True for the first claim of the interaction, false when it was already taken on. */
    public Uni<Boolean> claim(String interactionId, Claim claim) {
        return redis.value(String.class)
                .setGet(key(interactionId), claim.encode(), new SetArgs().nx().ex(TOKEN_LIFETIME))
                .map(previous -> previous == null);
    }

    /** Records how the interaction was acknowledged and in which language to reply, once that is decided. */
    public Uni<Void> acknowledged(String interactionId, Claim claim) {
        return redis.value(String.class).set(key(interactionId), claim.encode(), new SetArgs().xx().ex(TOKEN_LIFETIME));
    }

    /** The claim, or null once the interaction can no longer be answered. */
    public Uni<Claim> find(String interactionId) {
        return redis.value(String.class).get(key(interactionId)).map(value -> value == null ? null : Claim.decode(value));
    }

    private static String key(String interactionId) {
        return "riff:interaction:" + interactionId;
    }
}
