package dev.riff.devkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stripe's form encoding read into a tree: {@code metadata[user_id]=1} is an object,
 * {@code line_items[0][price]=p} and {@code expand[]=x} (or {@code expand[0]=x}, as stripe-java
 * writes it) are arrays. Values stay strings, as Stripe receives them; an empty value is kept
 * (Stripe reads it as "unset").
 */
final class FormParams {

    private FormParams() {
    }

    /** Adds the pairs of an {@code application/x-www-form-urlencoded} string (a query or a body) to {@code root}. */
    static void parseInto(ObjectNode root, String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            put(root, key, value);
        }
    }

    /** Turns objects whose keys are all indexes into arrays (metadata keeps its keys, whatever they look like). */
    static JsonNode finish(JsonNode node, String name) {
        if (!node.isObject()) {
            return node;
        }
        ObjectNode object = (ObjectNode) node;
        Map<String, JsonNode> children = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> children.put(e.getKey(), e.getValue()));
        children.forEach((key, child) -> object.set(key, finish(child, key)));
        boolean indexed = !object.isEmpty() && !"metadata".equals(name)
                && children.keySet().stream().allMatch(k -> k.chars().allMatch(Character::isDigit) && !k.isEmpty());
        if (!indexed) {
            return object;
        }
        List<Map.Entry<Integer, JsonNode>> entries = new ArrayList<>();
        children.keySet().forEach(k -> entries.add(Map.entry(Integer.parseInt(k), object.get(k))));
        entries.sort(Map.Entry.comparingByKey());
        ArrayNode array = StripeJson.arr();
        entries.forEach(e -> array.add(e.getValue()));
        return array;
    }

    private static void put(ObjectNode root, String key, String value) {
        List<String> path = segments(key);
        ObjectNode container = root;
        for (int i = 0; i < path.size() - 1; i++) {
            String segment = path.get(i).isEmpty() ? Integer.toString(container.size()) : path.get(i);
            JsonNode child = container.get(segment);
            if (!(child instanceof ObjectNode)) {
                child = container.putObject(segment);
            }
            container = (ObjectNode) child;
        }
        String last = path.getLast();
        container.put(last.isEmpty() ? Integer.toString(container.size()) : last, value);
    }

    /** {@code a[b][0][]} → a, b, 0, "" (an empty segment appends). */
    private static List<String> segments(String key) {
        List<String> out = new ArrayList<>();
        int open = key.indexOf('[');
        if (open < 0 || !key.endsWith("]")) {
            out.add(key);
            return out;
        }
        out.add(key.substring(0, open));
        int at = open;
        while (at < key.length() && key.charAt(at) == '[') {
            int close = key.indexOf(']', at);
            if (close < 0) {
                break;
            }
            out.add(key.substring(at + 1, close));
            at = close + 1;
        }
        return out;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    // Readers with Stripe's validation messages.

    static String string(JsonNode params, String name) {
        JsonNode value = params.get(name);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }

    static String required(JsonNode params, String name) {
        String value = string(params, name);
        if (value == null || value.isEmpty()) {
            throw StripeApiError.parameterMissing(name);
        }
        return value;
    }

    static Boolean bool(JsonNode params, String name) {
        String value = string(params, name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw StripeApiError.invalid("Invalid boolean: " + value, name);
        };
    }

    static Long integer(JsonNode params, String name) {
        String value = string(params, name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw StripeApiError.invalid("Invalid integer: " + value, name);
        }
    }

    /**
     * Applies a metadata parameter to existing metadata as Stripe does: keys are merged, a key
     * with an empty value is removed, and an empty {@code metadata} removes them all.
     */
    static void applyMetadata(ObjectNode target, JsonNode params, String name) {
        JsonNode metadata = params.get(name);
        if (metadata == null) {
            return;
        }
        if (metadata.isValueNode() && metadata.asText().isEmpty()) {
            target.removeAll();
            return;
        }
        if (!metadata.isObject()) {
            throw StripeApiError.invalid("Invalid object", name);
        }
        if (metadata.size() > 50) {
            throw StripeApiError.invalid("Invalid metadata: metadata can have up to 50 keys", name);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String value = entry.getValue().asText();
            if (entry.getKey().length() > 40) {
                throw StripeApiError.invalid("Invalid metadata: keys can be up to 40 characters long", name + "[" + entry.getKey() + "]");
            }
            if (value.length() > 500) {
                throw StripeApiError.invalid("Invalid metadata: values can be up to 500 characters long", name + "[" + entry.getKey() + "]");
            }
            if (value.isEmpty()) {
                target.remove(entry.getKey());
            } else {
                target.put(entry.getKey(), value);
            }
        }
    }
}
