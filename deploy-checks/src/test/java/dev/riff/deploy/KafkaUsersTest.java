package dev.riff.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.contracts.EventType;
import dev.riff.contracts.EventTypes;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each service's KafkaUser grants exactly what the service's code uses, derived here from its
 * sources: the topics its incoming channels read, the topics its outbox publishes to and its
 * dead-letter queues write, and its consumer groups (a group named per pod, {@code name-${quarkus.uuid}},
 * needs a prefix). A right the code does not use fails as loudly as one it lacks. That the broker
 * enforces them, and that the services work under them, is fleet-tests' KafkaUsersIT.
 */
class KafkaUsersTest {

    private static final Pattern PUBLISH = Pattern.compile("publish\\(\\s*EventTypes\\.([A-Z_]+)");
    private static final Pattern INCOMING = Pattern.compile("^mp\\.messaging\\.incoming\\.[^.]+\\.(topic|topics|group\\.id|dead-letter-queue\\.topic)$");
    private static final Pattern OUTGOING = Pattern.compile("^mp\\.messaging\\.outgoing\\.[^.]+\\.topic$");

    static List<String> kustomizations() {
        return Manifests.kustomizations();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void eachServicesKafkaUserGrantsWhatItsCodeUsesAndNothingElse(String dir) throws IOException {
        Map<String, Set<String>> rendered = new TreeMap<>();
        for (JsonNode user : Manifests.ofKind(dir, "KafkaUser")) {
            assertEquals("scram-sha-512", user.path("spec").path("authentication").path("type").asText(), "how " + user.path("metadata").path("name") + " logs in");
            rendered.put(user.path("metadata").path("name").asText(), grants(user));
        }
        Map<String, Set<String>> derived = new TreeMap<>();
        for (JsonNode workload : Manifests.workloads(dir).stream().filter(Manifests::isRiffService).toList()) {
            String module = Manifests.podSpec(workload).path("containers").get(0).path("name").asText();
            derived.put(module, uses(Manifests.ROOT.resolve(module)));
        }
        assertEquals(derived.keySet(), rendered.keySet(), "one KafkaUser per service, named as the service");
        List<String> problems = new ArrayList<>();
        derived.forEach((service, needs) -> {
            Set<String> granted = rendered.get(service);
            needs.stream().filter(need -> !granted.contains(need)).forEach(need -> problems.add(service + " lacks " + need));
            granted.stream().filter(grant -> !needs.contains(grant)).forEach(grant -> problems.add(service + " is granted " + grant + ", which its code never uses"));
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void eachPodLogsInAsItsOwnKafkaUser(String dir) {
        List<String> problems = new ArrayList<>();
        for (JsonNode workload : Manifests.workloads(dir).stream().filter(Manifests::isRiffService).toList()) {
            JsonNode container = Manifests.podSpec(workload).path("containers").get(0);
            String login = null;
            for (JsonNode variable : container.path("env")) {
                if (variable.path("name").asText().equals("RIFF_KAFKA_SASL_JAAS_CONFIG")) {
                    login = variable.path("valueFrom").path("secretKeyRef").path("name").asText();
                }
            }
            if (!container.path("name").asText().equals(login)) {
                problems.add(container.path("name").asText() + " logs in to Kafka with the Secret of " + login);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** A KafkaUser's ACLs, one "type name pattern operation" line per operation. */
    static Set<String> grants(JsonNode user) {
        Set<String> grants = new TreeSet<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            assertEquals("allow", acl.path("type").asText("allow"), "Riff's users are only ever allowed things");
            acl.path("operations").forEach(operation -> grants.add(String.join(" ", resource.path("type").asText(),
                    resource.path("name").asText(), resource.path("patternType").asText("literal"), operation.asText())));
        }
        return grants;
    }

    /** What a service's code does on Kafka, as the grants it needs. */
    static Set<String> uses(Path module) throws IOException {
        Set<String> grants = new TreeSet<>();
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(module.resolve("src/main/resources/application.properties"))));
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).trim();
            Matcher incoming = INCOMING.matcher(key);
            if (incoming.matches()) {
                switch (incoming.group(1)) {
                    case "topic", "topics" -> {
                        for (String topic : value.split("\\s*,\\s*")) {
                            read(grants, topic);
                        }
                    }
                    case "group.id" -> {
                        int perPod = value.indexOf("${");
                        grants.add(perPod < 0 ? "group " + value + " literal Read" : "group " + value.substring(0, perPod) + " prefix Read");
                    }
                    default -> write(grants, value);
                }
            } else if (OUTGOING.matcher(key).matches()) {
                write(grants, value);
            }
        }
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher publish = PUBLISH.matcher(Files.readString(file));
                while (publish.find()) {
                    write(grants, eventType(publish.group(1)).topic().topicName());
                }
            }
        }
        // A per-pod group whose prefix another per-pod prefix of the service covers needs no grant of its own.
        grants.removeIf(grant -> grant.startsWith("group ") && grant.endsWith(" prefix Read") && grants.stream().anyMatch(shorter ->
                shorter.startsWith("group ") && shorter.endsWith(" prefix Read") && !shorter.equals(grant)
                        && grant.startsWith(shorter.substring(0, shorter.length() - " prefix Read".length()))));
        return grants;
    }

    private static void read(Set<String> grants, String topic) {
        grants.add("topic " + topic + " literal Read");
        grants.add("topic " + topic + " literal Describe");
    }

    private static void write(Set<String> grants, String topic) {
        grants.add("topic " + topic + " literal Write");
        grants.add("topic " + topic + " literal Describe");
    }

    private static EventType<?> eventType(String constant) {
        try {
            return (EventType<?>) EventTypes.class.getField(constant).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("EventTypes." + constant + " is not an event type", e);
        }
    }
}
