package dev.riff.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The gateway's credential reads configuration; a wrong token or a caller without the scope changes
 * nothing (every route of every service: ServiceBootContract). Plain HTTP here, not RestAssured:
 * OperatorCredentialForTests (service-support) gives every RestAssured request the operator's token.
 */
@QuarkusTest
class ServiceTokenTest {

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "riff.auth.callers.gateway.token")
    String token;

    @ConfigProperty(name = "riff.auth.callers.outsider.token")
    String outsiderToken;

    @Test
    void theApiRefusesCallsWithoutTheRightTokenAndChangesNothing() throws Exception {
        String path = "api/v1/guilds/123456789012345678/server-configuration";
        HttpResponse<String> missing = send(HttpRequest.newBuilder(base.resolve(path)).GET());
        assertEquals(401, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("Content-Type").orElse(""));
        assertEquals("Bearer", missing.headers().firstValue("WWW-Authenticate").orElse(""));
        assertThat(missing.body(), containsString("\"status\":401"));

        HttpResponse<String> wrong = send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token + "x")
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"volumeLimit\": 10}")));
        assertEquals(401, wrong.statusCode());

        HttpResponse<String> outOfScope = send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + outsiderToken)
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"volumeLimit\": 10}")));
        assertEquals(403, outOfScope.statusCode(), "a known caller without config:write");
        assertThat(outOfScope.body(), containsString("config:write"));

        HttpResponse<String> right = send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).GET());
        assertEquals(200, right.statusCode());
        assertThat(right.body(), containsString("\"volumeLimit\":100"));
    }

    @Test
    void healthMetricsAndTheApiDocumentStayOpenOnTheManagementInterface() throws Exception {
        URI management = URI.create("http://" + base.getHost() + ":" + dev.riff.support.testing.Management.port() + "/");
        assertEquals(200, send(HttpRequest.newBuilder(management.resolve("q/health/live")).GET()).statusCode());
        assertEquals(200, send(HttpRequest.newBuilder(management.resolve("q/metrics")).GET()).statusCode());
        HttpResponse<String> openapi = send(HttpRequest.newBuilder(management.resolve("q/openapi?format=json")).GET());
        assertEquals(200, openapi.statusCode());
        var document = dev.riff.contracts.CloudEventCodec.mapper().readTree(openapi.body());
        assertEquals("bearer", document.at("/components/securitySchemes/serviceToken/scheme").asText());
        assertEquals(true, document.at("/security/0").has("serviceToken"), "every operation needs the token: " + document.get("security"));
    }

    /** HTTP/1.1: the JDK client's h2c upgrade attempt once left a request hanging here. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(java.time.Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
