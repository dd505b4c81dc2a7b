package dev.riff.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.contracts.CloudEventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A Server-Sent Events client on its own thread that keeps every event's id (position) and data. */
final class SseReader implements AutoCloseable {

    final List<Long> positions = new CopyOnWriteArrayList<>();
    final List<JsonNode> data = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private final Thread thread;
    volatile Throwable failure;

    SseReader(URI uri, Long lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("riff.auth.callers.operator.token", String.class));
        if (lastEventId != null) {
            request.header("Last-Event-ID", Long.toString(lastEventId));
        }
        thread = Thread.ofPlatform().daemon().start(() -> {
            try {
                HttpResponse<Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("subscription answered " + response.statusCode());
                }
                Iterator<String> lines = response.body().iterator();
                while (lines.hasNext()) {
                    String line = lines.next();
                    if (line.startsWith("id:")) {
                        positions.add(Long.parseLong(line.substring(3).trim()));
                    } else if (line.startsWith("data:")) {
                        data.add(CloudEventCodec.mapper().readTree(line.substring(5).trim()));
                    }
                }
            } catch (IOException | RuntimeException | InterruptedException e) {
                failure = e;
            }
        });
    }

    long last() {
        return positions.getLast();
    }

    /** Disconnects, as a client that goes away would. */
    @Override
    public void close() throws InterruptedException {
        client.shutdownNow();
        thread.join();
    }
}
