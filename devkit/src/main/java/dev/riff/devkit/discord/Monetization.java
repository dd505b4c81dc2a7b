package dev.riff.devkit.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.devkit.discord.DiscordState.Entitlement;
import dev.riff.devkit.discord.DiscordState.Sku;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Discord's premium apps as the simulator plays them: the application's SKUs, and entitlements to
 * them that purchases, renewals, cancellations, refunds and test entitlements create and change.
 * Every change is announced to the bot on the gateway (ENTITLEMENT_CREATE, _UPDATE, _DELETE).
 */
final class Monetization {

    /** Owner types of Create Test Entitlement. */
    static final int OWNER_GUILD = 1, OWNER_USER = 2;

    private final DiscordState state;
    private final GatewayServer gateway;

    Monetization(DiscordState state, GatewayServer gateway) {
        this.state = state;
        this.gateway = gateway;
    }

    /**
     * A subscription purchase (type 8, starting now). A user subscription needs the user; a guild
     * subscription needs the guild, with the member who bought it as user if given.
     */
    ObjectNode grant(String skuId, String userId, String guildId, Instant endsAt) {
        Sku sku = state.sku(skuId).orElseThrow(() -> new IllegalArgumentException("unknown SKU " + skuId));
        requireSnowflake(userId, "userId");
        requireSnowflake(guildId, "guildId");
        if (sku.guildSubscription() && guildId == null) {
            throw new IllegalArgumentException("SKU " + skuId + " is a guild subscription: a guildId is required");
        }
        if (!sku.guildSubscription() && userId == null) {
            throw new IllegalArgumentException("SKU " + skuId + " is a user subscription: a userId is required");
        }
        Entitlement entitlement = state.addEntitlement(new Entitlement(Snowflakes.next(), skuId, userId, guildId,
                DiscordState.ENTITLEMENT_APPLICATION_SUBSCRIPTION, false, Instant.now(), endsAt, false));
        return announce("ENTITLEMENT_CREATE", entitlement);
    }

    /*
     * Renewal and cancellation announce an ENTITLEMENT_UPDATE so tests can drive a bot through them.
     * Discord itself (since the entitlement migration of 2024-11) sends ENTITLEMENT_UPDATE only when
     * a subscription ends, with ends_at set, and reports renewals and cancellations as
     * SUBSCRIPTION_UPDATE; renewing to an end in the past plays that.
     */

    /** The subscription runs to a new end (ENTITLEMENT_UPDATE with the new ends_at). */
    ObjectNode renew(String entitlementId, Instant newEndsAt) {
        return announce("ENTITLEMENT_UPDATE", state.updateEntitlement(entitlementId, live(e -> e.withEndsAt(newEndsAt))));
    }

    /** The subscriber cancelled: access lasts to the current ends_at, which stays (ENTITLEMENT_UPDATE). */
    ObjectNode cancel(String entitlementId) {
        return announce("ENTITLEMENT_UPDATE", state.updateEntitlement(entitlementId, live(UnaryOperator.identity())));
    }

    /** A refund: the entitlement is deleted (ENTITLEMENT_DELETE); deleting it again changes and sends nothing. */
    ObjectNode delete(String entitlementId) {
        boolean[] changed = new boolean[1];
        Entitlement entitlement = state.updateEntitlement(entitlementId, e -> {
            changed[0] = !e.deleted();
            return e.asDeleted();
        });
        return changed[0] ? announce("ENTITLEMENT_DELETE", entitlement) : render(entitlement);
    }

    /** Create Test Entitlement: type 4, valid in perpetuity (no start, no end), owned by a guild or a user. */
    ObjectNode createTest(Sku sku, String ownerId, int ownerType) {
        Entitlement entitlement = state.addEntitlement(new Entitlement(Snowflakes.next(), sku.id(),
                ownerType == OWNER_USER ? ownerId : null, ownerType == OWNER_GUILD ? ownerId : null,
                DiscordState.ENTITLEMENT_TEST_MODE_PURCHASE, false, null, null, false));
        return announce("ENTITLEMENT_CREATE", entitlement);
    }

    /** Delete Test Entitlement: false if there is no such test entitlement still in force. */
    boolean deleteTest(String entitlementId) {
        boolean deletable = state.entitlement(entitlementId)
                .filter(e -> e.type() == DiscordState.ENTITLEMENT_TEST_MODE_PURCHASE && !e.deleted()).isPresent();
        if (deletable) {
            delete(entitlementId);
        }
        return deletable;
    }

    /** Consume an Entitlement: false if unknown or deleted. */
    boolean consume(String entitlementId) {
        if (state.entitlement(entitlementId).filter(e -> !e.deleted()).isEmpty()) {
            return false;
        }
        state.updateEntitlement(entitlementId, Entitlement::asConsumed);
        return true;
    }

    List<JsonNode> entitlements() {
        return state.entitlements().stream().<JsonNode>map(this::render).toList();
    }

    List<JsonNode> skus() {
        return state.skus().stream().<JsonNode>map(s -> DiscordJson.sku(s, state.applicationId())).toList();
    }

    ObjectNode render(Entitlement entitlement) {
        return DiscordJson.entitlement(entitlement, state.applicationId());
    }

    private ObjectNode announce(String type, Entitlement entitlement) {
        gateway.dispatchToApplication(type, render(entitlement));
        return render(entitlement);
    }

    /** A refunded entitlement is gone for good: it is not renewed or cancelled. */
    private static UnaryOperator<Entitlement> live(UnaryOperator<Entitlement> change) {
        return e -> {
            if (e.deleted()) {
                throw new IllegalArgumentException("entitlement " + e.id() + " was deleted (refunded)");
            }
            return change.apply(e);
        };
    }

    private static void requireSnowflake(String id, String name) {
        if (id != null && !id.matches("[0-9]{1,20}")) {
            throw new IllegalArgumentException(name + " must be a snowflake, not '" + id + "'");
        }
    }
}
