package dev.riff.playback.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The non-blocking JSON calls of the providers that only add to a reply (lyrics, SponsorBlock): the
 * JSON of a 200, bounded; anything else, a failure or a slow answer is "nothing here", so the
 * reply or the track goes on without it.
 */
final class AsyncJson {

    private static final Logger LOG = Logger.getLogger(AsyncJson.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AsyncJson() {
    }

    /**
     * @param failures how loudly a provider that cannot be asked, or answers neither 200 nor 404, is logged
     */
    static Uni<Optional<JsonNode>> get(HttpClient http, HttpRequest request, int maxBody, String provider, Logger.Level failures) {
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()))
                .map(response -> {
                    try (InputStream in = response.body()) {
                        byte[] bytes = in.readNBytes(maxBody + 1);
                        if (response.statusCode() != 200) {
                            if (response.statusCode() != 404) {
                                LOG.logf(failures, "%s answered %d for %s", provider, response.statusCode(), request.uri());
                            }
                            return Optional.<JsonNode>empty();
                        }
                        return bytes.length > maxBody ? Optional.<JsonNode>empty() : Optional.of(JSON.readTree(bytes));
                    } catch (IOException e) {
                        LOG.logf(failures, "%s's answer could not be read: %s", provider, e.getMessage());
                        return Optional.<JsonNode>empty();
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.logf(failures, "%s could not be asked: %s", provider, failure.toString());
                    return Optional.empty();
                });
    }
}
