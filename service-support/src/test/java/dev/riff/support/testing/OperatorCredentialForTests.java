package dev.riff.support.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every RestAssured request of a service's tests carries the operator's credential, as the fleet's
 * callers carry theirs; tests of the credentials themselves use plain HTTP.
 */
public class OperatorCredentialForTests implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        String authorization = "Bearer " + ConfigProvider.getConfig().getValue("riff.auth.callers.operator.token", String.class);
        RestAssured.replaceFiltersWith((request, response, next) -> {
            request.header("Authorization", authorization);
            return next.next(request, response);
        });
    }
}
