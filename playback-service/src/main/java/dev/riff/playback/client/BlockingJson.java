package dev.riff.playback.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The blocking JSON calls the streaming catalogues make from lavaplayer's loader threads: no
 * redirects followed, answers bounded, every failure a {@link StreamingApiException} worded with
 * the service's name.
 */
final class BlockingJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most of an answer read: a page of 100 full tracks is well under it. */
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private final String service;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    BlockingJson(String service) {
        this.service = service;
    }

    HttpResponse<InputStream> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new StreamingApiException(service + " cannot be reached right now.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamingApiException("Interrupted while reading " + service + ".", e);
        }
    }

    JsonNode body(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new StreamingApiException(service + "'s answer was too large.");
            }
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new StreamingApiException(service + "'s answer could not be read.", e);
        }
    }

    static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.skip(MAX_BODY);
        } catch (IOException ignored) {
            // nothing to keep
        }
    }

    void pause(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamingApiException("Interrupted while waiting for " + service + ".", e);
        }
    }

    /** Track metadata is the service's, not ours to trust: bounded, and stripped of control characters. */
    static String text(JsonNode value, int max) {
        String text = value.asText("").replaceAll("\\p{Cntrl}", " ").strip();
        return text.length() > max ? text.substring(0, max) : text;
    }

    /** An ISRC as the services write it, upper-cased; null when absent or malformed. */
    static String isrc(JsonNode value) {
        String isrc = value.asText(null);
        return isrc != null && isrc.matches("[A-Za-z]{2}[A-Za-z0-9]{3}[0-9]{7}") ? isrc.toUpperCase(java.util.Locale.ROOT) : null;
    }
}
