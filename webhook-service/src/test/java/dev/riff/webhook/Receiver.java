package dev.riff.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook receiver on this machine: records what arrives and answers as told (by default 204). */
final class Receiver implements AutoCloseable {

    record Delivery(Instant at, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    /** An answer: status, and Retry-After seconds or null. */
    record Answer(int status, String retryAfter) {
    }

    private final HttpServer server;
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Deque<Answer> answers = new ArrayDeque<>();
    private volatile Answer otherwise = new Answer(204, null);
    private volatile Answer during;
    private volatile Duration duringFor;
    private volatile Instant firstArrival;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Instant now = Instant.now();
            deliveries.add(new Delivery(now, Map.copyOf(exchange.getRequestHeaders()), body));
            Answer answer;
            synchronized (answers) {
                if (firstArrival == null) {
                    firstArrival = now;
                }
                answer = during != null && now.isBefore(firstArrival.plus(duringFor)) ? during
                        : answers.isEmpty() ? otherwise : answers.poll();
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            byte[] reply = ("answer " + answer.status()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), answer.status() == 204 ? -1 : reply.length);
            if (answer.status() != 204) {
                exchange.getResponseBody().write(reply);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** The next answers, in order; after them {@code otherwise}. */
    Receiver answer(Answer... next) {
        synchronized (answers) {
            answers.addAll(List.of(next));
        }
        return this;
    }

    /** This answer to everything for a while from the first request on. */
    Receiver answerFor(Duration period, Answer answer) {
        duringFor = period;
        during = answer;
        return this;
    }

    Receiver otherwise(Answer answer) {
        otherwise = answer;
        return this;
    }

    List<Delivery> of(String type) {
        return deliveries.stream().filter(d -> d.body().contains("\"type\":\"" + type + "\"")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
