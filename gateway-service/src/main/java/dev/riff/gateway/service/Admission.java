package dev.riff.gateway.service;

import dev.riff.gateway.domain.EffectiveConfiguration;
import dev.riff.gateway.domain.Reply;
import java.util.Locale;

/** What the gateway decided about a command before acknowledging it to Discord. */
public sealed interface Admission {

    /** Refused: the member gets {@code reply} privately, in {@code language}, and nothing reaches Kafka. */
    record Rejected(Reply reply, Locale language) implements Admission {

        public String text() {
            return Wording.text(language, reply);
        }
    }

    /** Already taken on (a replayed event): nothing more is done. */
    record Duplicate() implements Admission {
    }

    /** Taken on: acknowledge now (ephemerally if the server says so), then execute; replies in {@code language}. */
    record Accepted(boolean ephemeral, EffectiveConfiguration configuration, Locale language) implements Admission {
    }
}
