package dev.riff.config;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;

/** Every test request carries the service credential, as the fleet's callers do; ServiceTokenTest goes without. */
public class ServiceTokenForTests implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        String authorization = "Bearer " + ConfigProvider.getConfig().getValue("riff.service-token", String.class);
        RestAssured.replaceFiltersWith((request, response, next) -> {
            request.header("Authorization", authorization);
            return next.next(request, response);
        });
    }
}
