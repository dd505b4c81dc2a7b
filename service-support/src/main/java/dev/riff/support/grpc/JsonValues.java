package dev.riff.support.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

/**
 * JSON values in protocol messages (google.protobuf.Value) and back. Protobuf has one number type, a
 * double; a whole number within ±2^53 comes back as an integer so a setting keeps its JSON type.
 */
public final class JsonValues {

    private static final double EXACT_INTEGERS = 9_007_199_254_740_992d;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonValues() {
    }

    public static Value toValue(JsonNode json) {
        Value.Builder value = Value.newBuilder();
        if (json == null || json.isNull() || json.isMissingNode()) {
            return value.setNullValue(NullValue.NULL_VALUE).build();
        }
        if (json.isBoolean()) {
            return value.setBoolValue(json.asBoolean()).build();
        }
        if (json.isNumber()) {
            return value.setNumberValue(json.asDouble()).build();
        }
        if (json.isArray()) {
            ListValue.Builder list = ListValue.newBuilder();
            json.forEach(item -> list.addValues(toValue(item)));
            return value.setListValue(list).build();
        }
        if (json.isObject()) {
            Struct.Builder struct = Struct.newBuilder();
            json.properties().forEach(entry -> struct.putFields(entry.getKey(), toValue(entry.getValue())));
            return value.setStructValue(struct).build();
        }
        return value.setStringValue(json.asText()).build();
    }

    public static JsonNode toJson(Value value) {
        return switch (value.getKindCase()) {
            case BOOL_VALUE -> JSON.booleanNode(value.getBoolValue());
            case NUMBER_VALUE -> number(value.getNumberValue());
            case STRING_VALUE -> JSON.textNode(value.getStringValue());
            case LIST_VALUE -> {
                ArrayNode array = JSON.arrayNode();
                value.getListValue().getValuesList().forEach(item -> array.add(toJson(item)));
                yield array;
            }
            case STRUCT_VALUE -> {
                ObjectNode object = JSON.objectNode();
                value.getStructValue().getFieldsMap().forEach((name, field) -> object.set(name, toJson(field)));
                yield object;
            }
            case NULL_VALUE, KIND_NOT_SET -> JSON.nullNode();
        };
    }

    private static JsonNode number(double number) {
        if (number == Math.rint(number) && Math.abs(number) <= EXACT_INTEGERS) {
            long whole = (long) number;
            return whole == (int) whole ? JSON.numberNode((int) whole) : JSON.numberNode(whole);
        }
        return JSON.numberNode(number);
    }
}
