package dev.riff.gateway.service;

import dev.riff.gateway.domain.EffectiveConfiguration;

/** What the gateway decided about a command before acknowledging it to Discord. */
public sealed interface Admission {

    /** Refused: the member gets {@code message} privately, and nothing reaches Kafka. */
    record Rejected(String message) implements Admission {
    }

    /** Already taken on (a replayed event): nothing more is done. */
    record Duplicate() implements Admission {
    }

    /** Taken on: acknowledge now (ephemerally if the server says so), then execute. */
    record Accepted(boolean ephemeral, EffectiveConfiguration configuration) implements Admission {
    }
}
