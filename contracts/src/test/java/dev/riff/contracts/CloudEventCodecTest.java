package dev.riff.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CloudEventCodecTest {

    @Test
    void roundTripsStructuredJson() {
        var data = CloudEventCodec.mapper().createObjectNode().put("volumeLimit", 80);
        var event = CloudEvent.create(EventTypes.SERVER_CONFIGURATION_CHANGED, "/config-service",
                "123456789012345678", "123456789012345678", data);

        String json = CloudEventCodec.write(event);
        CloudEvent back = CloudEventCodec.read(json);

        assertEquals(event, back);
        assertTrue(json.contains("\"specversion\":\"1.0\""), json);
        assertTrue(json.contains("\"type\":\"config.server-configuration-changed.v1\""), json);
    }

    @Test
    void rejectsEventsMissingRequiredAttributes() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> CloudEventCodec.read("{\"specversion\":\"1.0\",\"source\":\"/x\",\"type\":\"a.b.v1\"}"));
        assertTrue(error.getMessage().contains("'id'"), error.getMessage());
    }

    @Test
    void rejectsOtherSpecVersions() {
        assertThrows(IllegalArgumentException.class, () -> CloudEventCodec.read(
                "{\"specversion\":\"0.3\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"a.b.v1\"}"));
    }

    @Test
    void eventTypeNamesAreVersioned() {
        assertThrows(IllegalArgumentException.class, () -> new EventType<>("config.changed", Topic.CONFIG_EVENTS, "x", String.class));
    }
}
