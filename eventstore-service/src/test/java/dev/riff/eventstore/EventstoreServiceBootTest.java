package dev.riff.eventstore;

import dev.riff.support.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class EventstoreServiceBootTest extends ServiceBootContract {
}
