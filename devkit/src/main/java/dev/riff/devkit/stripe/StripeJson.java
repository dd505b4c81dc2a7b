package dev.riff.devkit.stripe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** JSON as Stripe writes it: two-space indentation, {@code "id"} and {@code "object"} first, then keys in alphabetical order. */
public final class StripeJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private StripeJson() {
    }

    public static ObjectNode obj() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode arr() {
        return MAPPER.createArrayNode();
    }

    /** A Stripe list object ({@code object: "list"}) holding the given items. */
    public static ObjectNode list(String url, List<? extends JsonNode> items, boolean hasMore) {
        ObjectNode list = obj().put("object", "list");
        ArrayNode data = list.putArray("data");
        items.forEach(data::add);
        list.put("has_more", hasMore);
        list.put("url", url);
        return list;
    }

    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The bytes a response or webhook carries; deterministic, so a webhook's signature covers exactly what is sent. */
    public static String pretty(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, 0);
        return out.append('\n').toString();
    }

    private static void write(JsonNode node, StringBuilder out, int depth) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            List<String> keys = orderedKeys((ObjectNode) node);
            for (int i = 0; i < keys.size(); i++) {
                indent(out, depth + 1);
                out.append(quote(keys.get(i))).append(": ");
                write(node.get(keys.get(i)), out, depth + 1);
                out.append(i + 1 < keys.size() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                indent(out, depth + 1);
                write(node.get(i), out, depth + 1);
                out.append(i + 1 < node.size() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }

    private static List<String> orderedKeys(ObjectNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        keys.sort((a, b) -> {
            int ra = rank(a);
            int rb = rank(b);
            return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
        });
        return keys;
    }

    private static int rank(String key) {
        return switch (key) {
            case "id" -> 0;
            case "object" -> 1;
            default -> 2;
        };
    }

    private static String quote(String text) {
        return MAPPER.getNodeFactory().textNode(text).toString();
    }

    private static void indent(StringBuilder out, int depth) {
        out.append("  ".repeat(depth));
    }
}
