package dev.riff.support.testing;

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

    @Test
    void readinessCoversItsPostgresRedisAndKafka() {
        // Some services connect to more than these (the gateway to Discord) and become ready a little later.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(
                        "Reactive PostgreSQL connections health check",
                        "Redis connection health check",
                        "Kafka connection health check"));
    }

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("riff_outbox_published_total"));
    }

    /**
     * Every /api route the service's OpenAPI document lists refuses a call without a credential (401),
     * with a wrong one (401) and from a known caller without the route's scope (403), each as
     * problem+json. The refusal comes before the route runs, so it changes nothing.
     */
    @Test
    void everyApiRouteRefusesMissingWrongAndOutOfScopeCredentials() throws Exception {
        String document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
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
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("openapi", startsWith("3."));
    }
}
