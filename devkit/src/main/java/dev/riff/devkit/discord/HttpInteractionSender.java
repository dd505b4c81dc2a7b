package dev.riff.devkit.discord;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Discord's outgoing side of HTTP interactions: POSTs an interaction to the application's
 * interactions endpoint, signed with Ed25519 over timestamp + body ({@code X-Signature-Ed25519},
 * {@code X-Signature-Timestamp}), and takes the HTTP response as the interaction's callback.
 */
public final class HttpInteractionSender {

    /** What the endpoint answered. */
    public record Response(int status, JsonNode body, String contentType) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final Interactions interactions;
    private final PrivateKey signingKey;

    HttpInteractionSender(Interactions interactions, PrivateKey signingKey) {
        this.interactions = interactions;
        this.signingKey = signingKey;
    }

    /** Sends a PING, as Discord does when the endpoint URL is saved; a valid endpoint answers {"type":1}. */
    public Response ping(URI endpoint) {
        return post(endpoint, "{\"id\":\"" + Snowflakes.next() + "\",\"type\":1,\"version\":1,\"token\":\"ping\"}",
                Long.toString(Instant.now().getEpochSecond()), true);
    }

    /** Sends the interaction and applies the endpoint's answer as the callback, as Discord does. */
    public Response send(URI endpoint, Interactions.Interaction interaction) {
        Response response = post(endpoint, interaction.payload.toString(), Long.toString(Instant.now().getEpochSecond()), true);
        if (response.status() == 200 && response.body() != null) {
            interactions.acknowledge(interaction, response.body(), false);
        }
        return response;
    }

    /** Posts a body with a correct or a forged signature and the given timestamp, for testing an endpoint's checks. */
    public Response post(URI endpoint, String body, String timestamp, boolean validSignature) {
        try {
            byte[] signature = sign(timestamp + body);
            if (!validSignature) {
                signature[0] ^= 0x01;
            }
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(3))
                    .header("Content-Type", "application/json")
                    .header("X-Signature-Ed25519", HexFormat.of().formatHex(signature))
                    .header("X-Signature-Timestamp", timestamp)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? null : DiscordJson.parse(response.body());
            return new Response(response.statusCode(), json, response.headers().firstValue("Content-Type").orElse(""));
        } catch (Exception e) {
            throw new IllegalStateException("POST to " + endpoint + " failed: " + e.getMessage(), e);
        }
    }

    private byte[] sign(String message) throws Exception {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(signingKey);
        signer.update(message.getBytes(StandardCharsets.UTF_8));
        return signer.sign();
    }
}
