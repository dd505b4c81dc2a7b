package dev.riff.webhook.service;

import dev.riff.support.rest.InvalidInputException;
import dev.riff.webhook.client.EndpointClient;
import dev.riff.webhook.config.WebhookConfig;
import dev.riff.webhook.domain.GuildTier;
import dev.riff.webhook.domain.SigningSecret;
import dev.riff.webhook.domain.WebhookEventType;
import dev.riff.webhook.domain.WebhookSubscription;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * A guild's endpoints: made with a URL that passes the request-forgery guard, event types from the
 * catalogue and a fresh secret (shown once); limited in number by the guild's tier.
 */
@ApplicationScoped
public class Subscriptions {

    private final EndpointClient endpoints;
    private final WebhookConfig config;

    Subscriptions(EndpointClient endpoints, WebhookConfig config) {
        this.endpoints = endpoints;
        this.config = config;
    }

    public Uni<WebhookSubscription> create(String guildId, String url, List<String> events, String description, String actor) {
        String[] types = eventTypes(events);
        return checkUrl(url).chain(() -> Panache.withTransaction(() -> Panache.getSession()
                // One guild's creations queue here, so two at once cannot both pass the limit.
                .chain(session -> session.createNativeQuery("select pg_advisory_xact_lock(hashtext(:guild))")
                        .setParameter("guild", "webhooks:" + guildId).getSingleResult())
                .chain(() -> GuildTier.<GuildTier>findById(guildId))
                .chain(tier -> WebhookSubscription.count("guildId", guildId).chain(count -> {
                    int limit = tier != null && tier.premium(Instant.now()) ? config.premiumEndpoints() : config.freeEndpoints();
                    if (count >= limit) {
                        throw new LimitReached(limit);
                    }
                    WebhookSubscription subscription = new WebhookSubscription();
                    subscription.id = UUID.randomUUID();
                    subscription.guildId = guildId;
                    subscription.url = url;
                    subscription.events = types;
                    subscription.active = true;
                    subscription.description = description;
                    subscription.secret = SigningSecret.generate();
                    subscription.createdBy = actor;
                    subscription.createdAt = Instant.now();
                    subscription.updatedAt = subscription.createdAt;
                    return subscription.<WebhookSubscription>persist();
                }))));
    }

    public Uni<WebhookSubscription> change(String guildId, UUID id, String url, List<String> events, Boolean active, String description) {
        Uni<Void> checked = url == null ? Uni.createFrom().voidItem() : checkUrl(url);
        String[] types = events == null ? null : eventTypes(events);
        return checked.chain(() -> Panache.withTransaction(() -> find(guildId, id).invoke(subscription -> {
            if (url != null) {
                subscription.url = url;
            }
            if (types != null) {
                subscription.events = types;
            }
            if (active != null) {
                subscription.active = active;
                if (active) {
                    subscription.disabledReason = null;
                    subscription.failingSince = null;
                }
            }
            if (description != null) {
                subscription.description = description;
            }
            subscription.updatedAt = Instant.now();
        })));
    }

    /** A new secret; the previous one goes on signing for the overlap, so receivers switch without a gap. */
    public Uni<WebhookSubscription> rotate(String guildId, UUID id) {
        return Panache.withTransaction(() -> find(guildId, id).invoke(subscription -> {
            subscription.previousSecret = subscription.secret;
            subscription.previousSecretUntil = Instant.now().plus(config.rotationOverlap());
            subscription.secret = SigningSecret.generate();
            subscription.updatedAt = Instant.now();
        }));
    }

    public Uni<Boolean> delete(String guildId, UUID id) {
        return Panache.withTransaction(() -> WebhookSubscription.delete("id = ?1 and guildId = ?2", id, guildId).map(rows -> rows > 0));
    }

    public Uni<WebhookSubscription> find(String guildId, UUID id) {
        return WebhookSubscription.<WebhookSubscription>find("id = ?1 and guildId = ?2", id, guildId).firstResult()
                .onItem().ifNull().failWith(() -> new jakarta.ws.rs.NotFoundException("no webhook " + id + " in guild " + guildId));
    }

    private Uni<Void> checkUrl(String url) {
        // Resolving blocks: on a worker, back on the request's context for the transaction after it.
        return dev.riff.support.reactive.OnVertxContext.<Void>blocking(() -> {
            try {
                URI uri = endpoints.checkForm(url);
                endpoints.resolve(uri);
                return null;
            } catch (EndpointClient.RefusedDestination refused) {
                throw new InvalidInputException("url", refused.getMessage());
            }
        });
    }

    private static String[] eventTypes(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw new InvalidInputException("events", "name at least one event type");
        }
        LinkedHashSet<String> types = new LinkedHashSet<>();
        for (int i = 0; i < events.size(); i++) {
            String name = events.get(i);
            if (name == null || WebhookEventType.named(name).filter(WebhookEventType.subscribable()::contains).isEmpty()) {
                throw new InvalidInputException("events[" + i + "]", "must be one of "
                        + String.join(", ", WebhookEventType.subscribable().stream().map(WebhookEventType::wireName).toList()));
            }
            types.add(name);
        }
        return types.toArray(String[]::new);
    }

    /** The guild has as many endpoints as its tier allows. */
    public static final class LimitReached extends RuntimeException {
        public LimitReached(int limit) {
            super("this server may have " + limit + " webhook endpoint(s) on its tier; remove one first");
        }
    }
}
