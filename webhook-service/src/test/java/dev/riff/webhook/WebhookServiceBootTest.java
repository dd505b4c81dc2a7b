package dev.riff.webhook;

import dev.riff.support.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class WebhookServiceBootTest extends ServiceBootContract {
}
