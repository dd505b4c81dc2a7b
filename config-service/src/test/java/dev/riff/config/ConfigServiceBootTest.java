package dev.riff.config;

import dev.riff.support.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ConfigServiceBootTest extends ServiceBootContract {
}
