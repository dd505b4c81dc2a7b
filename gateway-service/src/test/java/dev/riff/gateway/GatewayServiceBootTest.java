package dev.riff.gateway;

import dev.riff.support.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@io.quarkus.test.common.QuarkusTestResource(value = DiscordEdgeResource.class, restrictToAnnotatedClass = true)
class GatewayServiceBootTest extends ServiceBootContract {
}
