package dev.riff.billing;

import dev.riff.support.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class BillingServiceBootTest extends ServiceBootContract {
}
