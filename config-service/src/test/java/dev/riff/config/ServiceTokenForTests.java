package dev.riff.config;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import org.eclipse.microprofile.config.ConfigProvider;

/** Every test request carries the service credential, as the fleet's callers do; ServiceTokenTest goes without. */
public class ServiceTokenForTests implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", "Bearer " + ConfigProvider.getConfig().getValue("riff.service-token", String.class))
                .build();
    }
}
