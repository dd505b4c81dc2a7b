package dev.riff.gateway;

import dev.riff.support.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class GatewayServiceBootTest extends ServiceBootContract {
}
