package dev.riff.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.contracts.CloudEventCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few HTTP calls the fleet tests make, with JSON bodies. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, String etag, JsonNode body) {
    }

    private Http() {
    }

    /** The operator's credential (every scope): RIFF_OPERATOR_TOKEN, else the local default of service-support's configuration. */
    static String serviceToken() {
        return System.getenv().getOrDefault("RIFF_OPERATOR_TOKEN", "riff-local-operator-token");
    }

    static Reply get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    static Reply patch(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    static Reply post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static Reply send(HttpRequest.Builder request) {
        // Every service's API needs a caller's credential holding the route's scope: the operator holds all.
        request.header("Authorization", "Bearer " + serviceToken());
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? null : CloudEventCodec.mapper().readTree(response.body());
            return new Reply(response.statusCode(), response.headers().firstValue("ETag").orElse(null), body);
        } catch (Exception e) {
            throw new IllegalStateException("HTTP call failed: " + e, e);
        }
    }
}
