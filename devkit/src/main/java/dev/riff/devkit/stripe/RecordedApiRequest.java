package dev.riff.devkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** An API request the simulator received: its parameters as read from the form encoding, and the status it was answered with. */
public record RecordedApiRequest(Instant at, String requestId, String method, String path, JsonNode params, int status,
        String idempotencyKey, String stripeVersion) {
}
