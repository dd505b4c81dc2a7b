package dev.riff.contracts;

/**
 * Every Kafka topic of the fleet. Topics are created explicitly (brokers never auto-create them);
 * the partition count bounds how finely guild ownership can be spread over playback nodes, so it is
 * part of the contract: changing it re-homes guilds.
 */
public enum Topic {
    /** Commands and voice updates for a guild, keyed by guild id: one ordered stream per guild. */
    PLAYBACK_COMMANDS("playback.commands", 16),
    /** Track, queue and player events and command results, keyed by guild id. */
    PLAYBACK_EVENTS("playback.events", 8),
    /** Join/leave voice requests from playback nodes to the gateway (only the gateway sends op 4). */
    GATEWAY_REQUESTS("gateway.requests", 8),
    /** Configuration and feature-flag changes, keyed by guild id. */
    CONFIG_EVENTS("config.events", 4),
    /** Subscription and entitlement changes, keyed by user id or guild id. */
    BILLING_EVENTS("billing.events", 2),
    /** Discord store entitlements the gateway saw (gateway → billing), keyed by user id. */
    GATEWAY_ENTITLEMENTS("gateway.entitlements", 2),
    /** Webhook delivery outcomes. */
    WEBHOOK_EVENTS("webhook.events", 2),
    /** Records the event store could not append after its retries; kept for inspection and replay. */
    EVENTSTORE_DEAD_LETTER("eventstore.dead-letter", 1),
    /** Records of playback.commands a node could not apply: unreadable, or still failing after its retries. */
    PLAYBACK_DEAD_LETTER("playback.dead-letter", 1),
    /** Records config-service's consumers set aside: unreadable, or still failing after their retries. */
    CONFIG_DEAD_LETTER("config.dead-letter", 1),
    /** Records billing's consumers set aside: unreadable, or still failing after their retries. */
    BILLING_DEAD_LETTER("billing.dead-letter", 1),
    /** Records webhook-service's consumers set aside: unreadable, or still failing after their retries. */
    WEBHOOK_DEAD_LETTER("webhook.dead-letter", 1),
    /** Records the gateway's consumers set aside: unreadable, refused by Discord for good, or failing after retries. */
    GATEWAY_DEAD_LETTER("gateway.dead-letter", 1);

    private final String topicName;
    private final int partitions;

    Topic(String topicName, int partitions) {
        this.topicName = topicName;
        this.partitions = partitions;
    }

    public String topicName() {
        return topicName;
    }

    public int partitions() {
        return partitions;
    }
}
