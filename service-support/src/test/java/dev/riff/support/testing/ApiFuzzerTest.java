package dev.riff.support.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fuzz suite catches each fault it claims to: a 5xx, a 4xx that is no problem, a class name, and a 4xx that changed state. */
class ApiFuzzerTest {

    private static final String DOCUMENT = """
            {"paths": {"/api/v1/things/{id}": {"put": {
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "pattern": "[0-9]{17,20}"}}],
              "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}},
             "components": {"schemas": {"Thing": {"type": "object", "properties": {"name": {"type": "string"}, "size": {"type": "integer"}}}}}}
            """;

    @Test
    void reportsEveryKindOfFault() throws Exception {
        AtomicInteger stored = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            int status;
            String type = "application/problem+json";
            String answer;
            if (body.contains("\\u0000")) {
                status = 500;
                answer = "{}";
            } else if (path.contains("%00")) {
                status = 400;
                type = "text/plain";
                answer = "bad";
            } else if (body.contains("1e400")) {
                status = 400;
                answer = "{\"status\":400,\"detail\":\"java.lang.NumberFormatException\"}";
            } else if (body.contains("[]")) {
                stored.incrementAndGet(); // refuses, yet keeps something
                status = 409;
                answer = "{\"status\":409}";
            } else {
                status = 400;
                answer = "{\"status\":400}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            var fuzzer = new ApiFuzzer(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                    new ObjectMapper().readTree(DOCUMENT), "Bearer t", () -> Integer.toString(stored.get()))
                    .run(10_000, 2, Duration.ofMinutes(2));
            String failures = String.join("\n", fuzzer.failures());
            assertTrue(failures.contains("500 for PUT"), failures);
            assertTrue(failures.contains("400 without problem+json (text/plain)"), failures);
            assertTrue(failures.contains("naming a Java class"), failures);
            assertTrue(failures.contains("409 but the state changed"), failures);
        } finally {
            server.stop(0);
        }
    }
}
