package dev.riff.support.messaging;

import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventType;

/**
 * The one way a consumer reads a record of the fleet's topics: a structured-mode CloudEvent, and its
 * data as the class its type declares. Whatever cannot be read throws
 * {@link UnreadableRecordException}, which the consumer's {@link ConsumerPolicy} sets aside.
 * Unknown data fields are tolerated: a producer may add one before its consumers know it.
 */
public final class CloudEventReader {

    private CloudEventReader() {
    }

    public static CloudEvent event(String record) {
        if (record == null) {
            throw new UnreadableRecordException("empty record");
        }
        try {
            return CloudEventCodec.read(record);
        } catch (IllegalArgumentException malformed) {
            throw new UnreadableRecordException(malformed.getMessage(), malformed);
        }
    }

    /** The event's data as its type declares it, or {@link UnreadableRecordException}. */
    public static <T> T data(CloudEvent event, EventType<T> type) {
        if (!type.name().equals(event.type())) {
            throw new UnreadableRecordException("event " + event.id() + " is a " + event.type() + ", not a " + type.name());
        }
        try {
            T data = event.data() == null || event.data().isNull() ? null
                    : CloudEventCodec.mapper().treeToValue(event.data(), type.dataType());
            if (data == null) {
                throw new UnreadableRecordException(type.name() + " " + event.id() + " has no data");
            }
            return data;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException malformed) {
            throw new UnreadableRecordException(type.name() + " " + event.id() + " has unreadable data: "
                    + malformed.getClass().getSimpleName(), malformed);
        }
    }

    /** Fails the record as unreadable unless the data holds what the consumer needs. */
    public static void require(boolean present, CloudEvent event, String what) {
        if (!present) {
            throw new UnreadableRecordException(event.type() + " " + event.id() + ": " + what);
        }
    }
}
