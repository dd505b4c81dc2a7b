package dev.riff.support.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Drives every /api operation of a service's OpenAPI document with hostile requests: each path,
 * query and header parameter in turn, each body field in turn, and whole bodies, with values from
 * {@link HostileInput}. Every answer must be below 500; every 4xx must be problem+json with its
 * status, no Java class name, and must leave the service's state as it was.
 */
public final class ApiFuzzer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLACEHOLDER = "\"riff-fuzz-placeholder\"";
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(java|javax|jakarta|dev\\.riff|io\\.quarkus|io\\.vertx|com\\.fasterxml|org\\.hibernate)\\.[a-z]|Exception\\b");
    private static final Pattern SNOWFLAKE = Pattern.compile("\\[0-9]\\{17,20}");

    /** One hostile request and why it is hostile. */
    record Attempt(String method, String target, Map<String, String> headers, byte[] body, String what) {
        @Override
        public String toString() {
            String shown = body == null ? "" : " body " + abbreviate(new String(body, StandardCharsets.UTF_8));
            return method + " " + abbreviate(target) + " (" + what + ")" + (headers.isEmpty() ? "" : " headers " + headers.keySet()) + shown;
        }
    }

    private final URI base;
    private final JsonNode document;
    private final String authorization;
    private final Callable<String> state;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> failures = new ArrayList<>();
    private final Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    private String knownState;

    /**
     * @param state a digest of everything the service keeps (its tables), compared around every 4xx
     */
    public ApiFuzzer(URI base, JsonNode document, String authorization, Callable<String> state) {
        this.base = base;
        this.document = document;
        this.authorization = authorization;
        this.state = state;
    }

    /** Sends up to {@code perOperation} attempts to every operation, stopping early once {@code budget} is spent. */
    public ApiFuzzer run(int perOperation, int randomPerField, Duration budget) throws Exception {
        long deadline = System.nanoTime() + budget.toNanos();
        knownState = quietState();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                var operation = operations.next();
                String method = operation.getKey().toUpperCase(Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                List<Attempt> attempts = attempts(method, path.getKey(), operation.getValue(), randomPerField);
                for (Attempt attempt : attempts.subList(0, Math.min(perOperation, attempts.size()))) {
                    if (System.nanoTime() > deadline) {
                        return this;
                    }
                    send(attempt);
                }
            }
        }
        return this;
    }

    public List<String> failures() {
        return failures;
    }

    /** How many answers had each status: a suite that only ever saw 401 or 404 tested nothing. */
    public Map<Integer, Integer> statuses() {
        return statuses;
    }

    private List<Attempt> attempts(String method, String template, JsonNode operation, int randomPerField) {
        List<JsonNode> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameters::add);
        Map<String, String> pathValues = new LinkedHashMap<>();
        Map<String, String> queryValues = new LinkedHashMap<>();
        Map<String, String> headerValues = new LinkedHashMap<>();
        for (JsonNode parameter : parameters) {
            String in = parameter.path("in").asText();
            String value = plausibleText(resolve(parameter.path("schema")));
            switch (in) {
                case "path" -> pathValues.put(parameter.path("name").asText(), HostileInput.percentEncode(value));
                case "query" -> {
                    if (parameter.path("required").asBoolean()) {
                        queryValues.put(parameter.path("name").asText(), HostileInput.percentEncode(value));
                    }
                }
                case "header" -> {
                    if (parameter.path("required").asBoolean() || parameter.path("name").asText().startsWith("X-")) {
                        headerValues.put(parameter.path("name").asText(), value);
                    }
                }
                default -> { }
            }
        }
        JsonNode bodySchema = resolve(operation.path("requestBody").path("content").path("application/json").path("schema"));
        byte[] plausibleBody = bodySchema.isMissingNode() ? null : plausible(bodySchema, 0).toString().getBytes(StandardCharsets.UTF_8);

        List<Attempt> attempts = new ArrayList<>();
        List<HostileInput.Parameter> hostileParameters = HostileInput.parameters(randomPerField);
        for (JsonNode parameter : parameters) {
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            for (HostileInput.Parameter value : hostileParameters) {
                Map<String, String> path = new LinkedHashMap<>(pathValues);
                Map<String, String> query = new LinkedHashMap<>(queryValues);
                Map<String, String> headers = new LinkedHashMap<>(headerValues);
                switch (in) {
                    case "path" -> path.put(name, value.inUri());
                    case "query" -> query.put(name, value.inUri());
                    case "header" -> {
                        if (value.encoded() || !value.text().chars().allMatch(c -> c >= 0x20 && c < 0x7f) || value.text().length() > 4000) {
                            continue;
                        }
                        headers.put(name, value.text());
                    }
                    default -> {
                        continue;
                    }
                }
                attempts.add(new Attempt(method, target(template, path, query), headers, plausibleBody, in + " " + name + " = " + value));
            }
        }
        if (plausibleBody != null) {
            String target = target(template, pathValues, queryValues);
            for (byte[] raw : HostileInput.rawBodies()) {
                attempts.add(new Attempt(method, target, headerValues, raw, "raw body"));
            }
            // A body that is a list (the event store's append) is fuzzed through its one element.
            boolean list = bodySchema.path("type").asText().equals("array");
            JsonNode objectSchema = list ? resolve(bodySchema.path("items")) : bodySchema;
            List<String> hostileValues = HostileInput.jsonValues(randomPerField);
            for (String field : fieldPaths(objectSchema)) {
                for (String value : hostileValues) {
                    attempts.add(new Attempt(method, target, headerValues, withField(objectSchema, field, value, list), "body " + field));
                }
            }
            attempts.add(new Attempt(method, target, headerValues, withField(objectSchema, "riffUnknownField", "1", list), "unknown field"));
            for (String type : List.of("text/plain", "application/xml", "application/json; charset=utf-16", "application/x-www-form-urlencoded")) {
                Map<String, String> headers = new LinkedHashMap<>(headerValues);
                headers.put("Content-Type", type);
                attempts.add(new Attempt(method, target, headers, plausibleBody, "content type " + type));
            }
        }
        Map<String, String> accept = new LinkedHashMap<>(headerValues);
        accept.put("Accept", "application/xml");
        attempts.add(new Attempt(method, target(template, pathValues, queryValues), accept, plausibleBody, "accept xml"));
        return attempts;
    }

    private void send(Attempt attempt) throws Exception {
        Integer status = exchange(attempt);
        if (status == null || status < 400 || status >= 500) {
            return;
        }
        if (!state.call().equals(knownState)) {
            // This request or the service's own work (a Kafka consumer catching up) changed something:
            // once the state holds still, the same request again must change nothing.
            String before = quietState();
            Integer again = exchange(attempt);
            String after = state.call();
            if (again != null && again >= 400 && again < 500 && !after.equals(before)) {
                failures.add(status + " but the state changed for " + attempt);
            }
            knownState = after;
        }
    }

    /** The state once two readings 300 ms apart agree (at most 30 s of waiting). */
    private String quietState() throws Exception {
        String previous = state.call();
        long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < giveUp) {
            Thread.sleep(300);
            String now = state.call();
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    /** Sends one attempt and checks its answer; the status, or null when Java's client cannot send it. */
    private Integer exchange(Attempt attempt) throws Exception {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(base + attempt.target())).timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization);
            if (!attempt.headers().containsKey("Content-Type")) {
                request.header("Content-Type", "application/json");
            }
            attempt.headers().forEach(request::header);
        } catch (IllegalArgumentException unsendable) {
            return null; // a URI or header Java's client will not send; the raw-socket tests cover those
        }
        request.method(attempt.method(), attempt.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(attempt.body()));
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String type = response.headers().firstValue("Content-Type").orElse("");
        String body;
        try (InputStream stream = response.body()) {
            // A subscription streams for ever: its headers are the answer.
            body = type.startsWith("text/event-stream") ? "" : new String(stream.readNBytes(65_536), StandardCharsets.UTF_8);
        }
        int status = response.statusCode();
        statuses.merge(status, 1, Integer::sum);
        if (status >= 500) {
            failures.add(status + " for " + attempt + ": " + abbreviate(body));
            return status;
        }
        if (status < 400) {
            knownState = state.call(); // an accepted request may change state
            return status;
        }
        if (!type.startsWith("application/problem+json")) {
            failures.add(status + " without problem+json (" + type + ") for " + attempt + ": " + abbreviate(body));
        } else if (JSON.readTree(body).path("status").asInt() != status) {
            failures.add(status + " whose problem says another status for " + attempt + ": " + abbreviate(body));
        }
        if (CLASS_NAME.matcher(body).find()) {
            failures.add(status + " naming a Java class for " + attempt + ": " + abbreviate(body));
        }
        return status;
    }

    private static String target(String template, Map<String, String> path, Map<String, String> query) {
        String target = template;
        for (var value : path.entrySet()) {
            target = target.replace("{" + value.getKey() + "}", value.getValue());
        }
        StringBuilder withQuery = new StringBuilder(target);
        char separator = '?';
        for (var value : query.entrySet()) {
            withQuery.append(separator).append(value.getKey()).append('=').append(value.getValue());
            separator = '&';
        }
        return withQuery.toString();
    }

    /** The body with one field (a dotted path) replaced by raw JSON text, alone or as a list's one element. */
    private byte[] withField(JsonNode schema, String field, String rawValue, boolean list) {
        ObjectNode body = (ObjectNode) plausible(schema, 0);
        String[] names = field.split("\\.");
        JsonNode parent = body;
        for (int i = 0; i < names.length - 1; i++) {
            JsonNode next = parent.isArray() ? parent.path(Integer.parseInt(names[i])) : parent.path(names[i]);
            if (!next.isContainerNode()) {
                next = ((ObjectNode) parent).putObject(names[i]);
            }
            parent = next;
        }
        ((ObjectNode) parent).put(names[names.length - 1], "riff-fuzz-placeholder");
        String text = body.toString().replace(PLACEHOLDER, rawValue);
        return (list ? "[" + text + "]" : text).getBytes(StandardCharsets.UTF_8);
    }

    /** The body's fields as dotted paths, one level into nested objects and into the first element of lists of objects. */
    private List<String> fieldPaths(JsonNode schema) {
        List<String> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields(); properties.hasNext(); ) {
            var property = properties.next();
            fields.add(property.getKey());
            JsonNode inner = resolve(property.getValue());
            if (inner.path("type").asText().equals("object")) {
                inner.path("properties").fieldNames().forEachRemaining(name -> fields.add(property.getKey() + "." + name));
            } else if (objectItems(inner) != null) {
                objectItems(inner).path("properties").fieldNames().forEachRemaining(name -> fields.add(property.getKey() + ".0." + name));
            }
        }
        return fields;
    }

    /** The schema of a list's elements when they are objects, else null. */
    private JsonNode objectItems(JsonNode arraySchema) {
        JsonNode items = resolve(arraySchema.path("items"));
        return items.path("type").asText().equals("object") || items.has("properties") ? items : null;
    }

    /** A value that fits the schema as far as a generic reading can tell, so that one hostile field is the only fault. */
    private JsonNode plausible(JsonNode schema, int depth) {
        schema = resolve(schema);
        String type = schema.path("type").asText();
        if (type.equals("object") || schema.has("properties")) {
            ObjectNode object = JSON.createObjectNode();
            if (depth < 3) {
                for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields(); properties.hasNext(); ) {
                    var property = properties.next();
                    object.set(property.getKey(), plausible(property.getValue(), depth + 1));
                }
            }
            return object;
        }
        return switch (type) {
            case "integer", "number" -> JSON.getNodeFactory().numberNode(schema.path("minimum").asLong(1));
            case "boolean" -> JSON.getNodeFactory().booleanNode(true);
            // One element where the elements are objects (their fields are fuzzed too); none where they are values.
            case "array" -> objectItems(schema) != null && depth < 3
                    ? JSON.createArrayNode().add(plausible(schema.path("items"), depth + 1)) : JSON.createArrayNode();
            default -> JSON.getNodeFactory().textNode(plausibleText(schema));
        };
    }

    private static String plausibleText(JsonNode schema) {
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
            return schema.path("enum").get(0).asText();
        }
        String type = schema.path("type").asText();
        if (type.equals("integer") || type.equals("number")) {
            return Long.toString(schema.path("minimum").asLong(1));
        }
        if (type.equals("boolean")) {
            return "true";
        }
        if (schema.path("format").asText().equals("date-time")) {
            return "2026-01-01T00:00:00Z";
        }
        String pattern = schema.path("pattern").asText("");
        if (pattern.isEmpty()) {
            return "riff-fuzz";
        }
        List<String> candidates = new ArrayList<>(List.of("123456789012345678", "riff-fuzz", "riff.fuzz.v1"));
        candidates.addAll(List.of(pattern.split("\\|")));
        for (String candidate : candidates) {
            try {
                if (Pattern.compile(pattern).matcher(candidate).matches()) {
                    return candidate;
                }
            } catch (java.util.regex.PatternSyntaxException ignored) {
                return "riff-fuzz";
            }
        }
        return SNOWFLAKE.matcher(pattern).find() ? "123456789012345678" : "riff-fuzz";
    }

    private JsonNode resolve(JsonNode schema) {
        for (int hops = 0; schema.has("$ref") && hops < 10; hops++) {
            String ref = schema.path("$ref").asText();
            schema = document.at(ref.startsWith("#") ? ref.substring(1) : ref);
        }
        if (schema.path("allOf").isArray() && schema.path("allOf").size() == 1) {
            return resolve(schema.path("allOf").get(0));
        }
        return schema;
    }

    private static String abbreviate(String text) {
        String clean = text.replace("\0", "\\0");
        return clean.length() <= 300 ? clean : clean.substring(0, 300) + "… (" + clean.length() + " chars)";
    }
}
