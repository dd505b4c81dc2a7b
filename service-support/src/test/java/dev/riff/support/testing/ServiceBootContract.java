package dev.riff.support.testing;

import static dev.riff.support.testing.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

/**
 * What every service promises operators once it has booted. Each service runs it against itself
 * with a {@code @QuarkusTest} subclass, on the real PostgreSQL, Redis and Kafka.
 */
public abstract class ServiceBootContract {

    /** Readiness names each piece of infrastructure the service declares, and what state it is in. */
    @Test
    void readinessCoversTheInfrastructureItDeclares() {
        // Some services connect to more than these (the gateway to Discord) and become ready a little later.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> management().get("/q/health/ready").statusCode() == 200);
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        var ready = management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Riff dependencies")).extract().jsonPath();
        for (String dependency : new String[] {"postgresql", "redis", "kafka"}) {
            String need = config.getOptionalValue("riff.readiness." + dependency, String.class)
                    .orElse(dependency.equals("redis") ? "unused" : "required");
            Object state = ready.get("checks.find { it.name == 'Riff dependencies' }.data." + dependency);
            org.junit.jupiter.api.Assertions.assertEquals(need.equals("unused") ? null : "reachable", state, dependency);
        }
    }

    @Test
    void livenessIsUp() {
        management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetrics() {
        management().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("riff_outbox_published_total"))
                .body(containsString("riff_kafka_broker_reachable 1.0"));
    }

    /** The API port serves the API only: health, metrics and OpenAPI are on the management interface. */
    @Test
    void theApiPortServesNoManagementEndpoint() {
        for (String path : new String[] {"/q/health/ready", "/q/metrics", "/q/openapi"}) {
            org.junit.jupiter.api.Assertions.assertEquals(404, given().get(path).statusCode(), path);
        }
    }

    /**
     * An oversized request is refused with a problem before anything reads it, so it changes nothing:
     * a request target over 8 KiB gets 414, a declared body over 2 MiB gets 413 (its bytes are never sent).
     */
    @Test
    void oversizedRequestsAreRefusedWithAProblem() throws Exception {
        String longTarget = rawExchange("GET /api/v1/outbox/dead-letters?x=" + "a".repeat(9000) + " HTTP/1.1\r\nHost: riff\r\n\r\n");
        org.junit.jupiter.api.Assertions.assertTrue(longTarget.startsWith("HTTP/1.1 414"), longTarget);
        org.junit.jupiter.api.Assertions.assertTrue(longTarget.contains("application/problem+json") && longTarget.contains("\"status\":414"), longTarget);
        String largeBody = rawExchange("POST /api/v1/outbox/dead-letters HTTP/1.1\r\nHost: riff\r\n"
                + "Content-Type: application/json\r\nContent-Length: 3000000\r\n\r\n{\"a\":");
        org.junit.jupiter.api.Assertions.assertTrue(largeBody.startsWith("HTTP/1.1 413"), largeBody);
        org.junit.jupiter.api.Assertions.assertTrue(largeBody.contains("application/problem+json") && largeBody.contains("\"field\":\"body\""), largeBody);
    }

    /** Sends the bytes as they are (no client would send these) and reads until the server closes. */
    private static String rawExchange(String request) throws Exception {
        String host = java.net.URI.create(io.restassured.RestAssured.baseURI).getHost();
        try (var socket = new java.net.Socket(host, io.restassured.RestAssured.port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Every Kafka channel the service reads sets aside what its consumer fails, to a dead-letter topic
     * the fleet creates: no record is dropped and none stops the channel (see ConsumerPolicy).
     */
    @Test
    void everyIncomingChannelSetsRecordsAsideToAKnownDeadLetterTopic() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        var topics = java.util.Arrays.stream(dev.riff.contracts.Topic.values()).map(dev.riff.contracts.Topic::topicName).toList();
        for (String name : config.getPropertyNames()) {
            var channel = java.util.regex.Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.connector").matcher(name);
            if (!channel.matches()) {
                continue;
            }
            String prefix = "mp.messaging.incoming." + channel.group(1) + ".";
            org.junit.jupiter.api.Assertions.assertEquals("dead-letter-queue",
                    config.getOptionalValue(prefix + "failure-strategy", String.class).orElse("fail"), channel.group(1));
            String deadLetters = config.getOptionalValue(prefix + "dead-letter-queue.topic", String.class).orElse("");
            org.junit.jupiter.api.Assertions.assertTrue(topics.contains(deadLetters), channel.group(1) + " dead-letters to " + deadLetters);
        }
    }

    /**
     * Every operation in the service's OpenAPI document, called by a caller with every scope, answers
     * generated hostile parameters, headers and bodies (see {@link ApiFuzzer}) below 500, every 4xx as
     * problem+json without a class name, and leaves the stored state as it was after each 4xx.
     */
    @Test
    void everyApiOperationAnswersHostileInputWithAProblemAndChangesNothing() throws Exception {
        String document = management().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        String token = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("riff.auth.callers.operator.token", String.class);
        java.net.URI base = java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
        var fuzzer = new ApiFuzzer(base, new com.fasterxml.jackson.databind.ObjectMapper().readTree(document), "Bearer " + token,
                () -> StoredState.digest(tablesChangedInTheBackground()))
                .run(600, 8, java.time.Duration.ofSeconds(240));
        System.out.println("API fuzz of " + base + ": answers by status " + fuzzer.statuses());
        org.junit.jupiter.api.Assertions.assertTrue(fuzzer.failures().isEmpty(), fuzzer.failures().size() + " failures, answers "
                + fuzzer.statuses() + ":\n" + String.join("\n", fuzzer.failures().subList(0, Math.min(60, fuzzer.failures().size()))));
        org.junit.jupiter.api.Assertions.assertTrue(fuzzer.statuses().getOrDefault(400, 0) > 0, "the suite reached validation: " + fuzzer.statuses());
    }

    /** Tables the service changes by itself while idle, left out of {@link StoredState}. */
    protected java.util.Set<String> tablesChangedInTheBackground() {
        return java.util.Set.of();
    }

    /**
     * Every /api route the service's OpenAPI document lists refuses a call without a credential (401),
     * with a wrong one (401) and from a known caller without the route's scope (403), each as
     * problem+json. The refusal comes before the route runs, so it changes nothing.
     */
    @Test
    void everyApiRouteRefusesMissingWrongAndOutOfScopeCredentials() throws Exception {
        String document = management().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        var paths = new com.fasterxml.jackson.databind.ObjectMapper().readTree(document).path("paths");
        java.net.URI base = java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        int checked = 0;
        for (var path = paths.fields(); path.hasNext(); ) {
            var route = path.next();
            if (!route.getKey().startsWith("/api/")) {
                continue;
            }
            String concrete = route.getKey().replaceAll("\\{(guildId|channelId)}", "123456789012345678")
                    .replace("{aggregateType}", "server-configuration").replaceAll("\\{[A-Za-z]+}", "1");
            for (var operation = route.getValue().fieldNames(); operation.hasNext(); ) {
                String method = operation.next().toUpperCase(java.util.Locale.ROOT);
                if (!java.util.Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                for (String authorization : new String[] {null, "Bearer not-a-token", "Bearer riff-local-outsider-token"}) {
                    var request = java.net.http.HttpRequest.newBuilder(base.resolve(concrete)).timeout(java.time.Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .method(method, method.equals("GET") || method.equals("DELETE") ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                    : java.net.http.HttpRequest.BodyPublishers.ofString("{}"));
                    if (authorization != null) {
                        request.header("Authorization", authorization);
                    }
                    var response = http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                    int expected = authorization != null && authorization.contains("outsider") ? 403 : 401;
                    org.junit.jupiter.api.Assertions.assertEquals(expected, response.statusCode(),
                            method + " " + concrete + " with " + authorization + ": " + response.body());
                    org.junit.jupiter.api.Assertions.assertEquals("application/problem+json",
                            response.headers().firstValue("Content-Type").orElse(""), method + " " + concrete);
                }
                checked++;
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(checked > 0, "the document lists /api routes (at least the outbox's dead letters)");
    }

    @Test
    void publishesItsOpenApiDocument() {
        management().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("openapi", startsWith("3."));
    }
}
