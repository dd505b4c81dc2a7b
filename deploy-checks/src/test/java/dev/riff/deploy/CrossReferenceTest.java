package dev.riff.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.Topic;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What deploy/ says against what the services and the contracts say: selectors and labels, ports
 * and probes, environment variables read and set, ConfigMap and Secret references, and the topics.
 */
class CrossReferenceTest {

    private static final Set<String> PROBE_PATHS = Set.of("/q/health/ready", "/q/health/live", "/q/health/started");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:?)");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern MAPPING_METHOD = Pattern.compile("^\\s+[\\w<>,.? ]+\\s(\\w+)\\(\\);", Pattern.MULTILINE);

    static List<String> kustomizations() {
        return Manifests.kustomizations();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void selectorsMatchThePodsAndEveryServiceReachesAWorkload(String dir) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> workloads = Manifests.workloads(dir);
        for (JsonNode workload : workloads) {
            JsonNode labels = Manifests.podLabels(workload);
            workload.path("spec").path("selector").path("matchLabels").properties().forEach(label -> {
                if (!label.getValue().equals(labels.path(label.getKey()))) {
                    problems.add(name(workload) + ": selector " + label + " matches no label of its pods " + labels);
                }
            });
        }
        for (JsonNode service : Manifests.ofKind(dir, "Service")) {
            JsonNode selector = service.path("spec").path("selector");
            List<JsonNode> selected = workloads.stream().filter(workload -> selects(selector, workload)).toList();
            if (selected.isEmpty()) {
                problems.add("Service " + name(service) + ": selector " + selector + " matches no pods");
                continue;
            }
            for (JsonNode port : service.path("spec").path("ports")) {
                JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
                for (JsonNode workload : selected) {
                    if (!hasContainerPort(workload, target)) {
                        problems.add("Service " + name(service) + ": targetPort " + target + " is no port of " + name(workload));
                    }
                }
            }
        }
        for (String kind : List.of("PodDisruptionBudget", "NetworkPolicy")) {
            for (JsonNode object : Manifests.ofKind(dir, kind)) {
                JsonNode selector = kind.equals("NetworkPolicy") ? object.path("spec").path("podSelector") : object.path("spec").path("selector");
                if (!selector.path("matchLabels").isEmpty() && workloads.stream().noneMatch(workload -> selects(selector.path("matchLabels"), workload))) {
                    problems.add(kind + " " + name(object) + ": selector " + selector + " matches no pods");
                }
            }
        }
        for (JsonNode autoscaler : Manifests.ofKind(dir, "HorizontalPodAutoscaler")) {
            JsonNode target = autoscaler.path("spec").path("scaleTargetRef");
            var scaled = Manifests.named(dir, target.path("kind").asText(), target.path("name").asText());
            if (scaled.isEmpty()) {
                problems.add("HorizontalPodAutoscaler " + name(autoscaler) + ": scales " + target + ", which is not rendered");
            } else if (scaled.get().path("spec").has("replicas")) {
                // Each apply would reset what the autoscaler chose.
                problems.add(name(scaled.get()) + ": sets replicas, but HorizontalPodAutoscaler " + name(autoscaler) + " owns them");
            }
        }
        for (JsonNode workload : workloads) {
            boolean guarded = Manifests.ofKind(dir, "PodDisruptionBudget").stream()
                    .anyMatch(budget -> selects(budget.path("spec").path("selector").path("matchLabels"), workload));
            if (!guarded) {
                problems.add(name(workload) + ": no PodDisruptionBudget");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void eachServicesPortsAndProbesAreTheOnesItListensOn(String dir) throws IOException {
        List<String> problems = new ArrayList<>();
        for (JsonNode workload : Manifests.workloads(dir).stream().filter(Manifests::isRiffService).toList()) {
            for (JsonNode container : Manifests.podSpec(workload).path("containers")) {
                String module = container.path("name").asText();
                Path properties = Manifests.ROOT.resolve(module).resolve("src/main/resources/application.properties");
                if (!Files.exists(properties)) {
                    problems.add(name(workload) + ": container " + module + " is no service of this repository");
                    continue;
                }
                Properties own = load(properties);
                Map<String, String> ports = new HashMap<>();
                container.path("ports").forEach(port -> ports.put(port.path("name").asText(), port.path("containerPort").asText()));
                expect(problems, name(workload) + " port http", own.getProperty("quarkus.http.port"), ports.get("http"));
                expect(problems, name(workload) + " port management", own.getProperty("quarkus.management.port"), ports.get("management"));
                for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                    JsonNode get = container.path(probe).path("httpGet");
                    if (container.has(probe) && (!PROBE_PATHS.contains(get.path("path").asText()) || !"management".equals(get.path("port").asText()))) {
                        problems.add(name(workload) + ": " + probe + " asks " + get + ", not a health endpoint on the management port");
                    }
                }
                if (!container.has("readinessProbe") || !container.has("livenessProbe")) {
                    problems.add(name(workload) + ": needs readiness and liveness probes");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyVariableAServiceNeedsIsSetAndEverySetOneIsRead(String dir) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, String> configMaps = new HashMap<>();
        Manifests.ofKind(dir, "ConfigMap").forEach(map -> map.path("data").properties()
                .forEach(entry -> configMaps.put(name(map) + "/" + entry.getKey(), entry.getValue().asText())));
        for (JsonNode workload : Manifests.workloads(dir).stream().filter(Manifests::isRiffService).toList()) {
            for (JsonNode container : Manifests.podSpec(workload).path("containers")) {
                String module = container.path("name").asText();
                Path moduleDir = Manifests.ROOT.resolve(module);
                if (!Files.exists(moduleDir.resolve("pom.xml"))) {
                    continue;
                }
                Set<String> set = new HashSet<>();
                container.path("env").forEach(variable -> set.add(variable.path("name").asText()));
                for (JsonNode source : container.path("envFrom")) {
                    String map = source.path("configMapRef").path("name").asText(null);
                    if (map != null) {
                        configMaps.keySet().stream().filter(key -> key.startsWith(map + "/")).forEach(key -> set.add(key.substring(map.length() + 1)));
                    }
                }
                Reads reads = reads(moduleDir);
                for (String required : reads.required()) {
                    if (!set.contains(required)) {
                        problems.add(name(workload) + ": " + module + " needs " + required + " (no default), which is not set");
                    }
                }
                for (String variable : set) {
                    if (!reads.referenced().contains(variable) && !reads.propertyEnvNames().contains(variable)) {
                        problems.add(name(workload) + ": sets " + variable + ", which " + module + " never reads");
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyConfigMapAndSecretReferencedIsDeclared(String dir) throws IOException {
        Map<String, Set<String>> secrets = declaredSecrets();
        assertFalse(secrets.isEmpty(), "deploy/README.md declares the Secrets");
        Set<String> configMapKeys = new HashSet<>();
        Set<String> configMaps = new HashSet<>();
        Manifests.ofKind(dir, "ConfigMap").forEach(map -> {
            configMaps.add(name(map));
            map.path("data").fieldNames().forEachRemaining(key -> configMapKeys.add(name(map) + "/" + key));
        });
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : Manifests.render(dir)) {
            object.findParents("secretKeyRef").forEach(parent -> {
                JsonNode ref = parent.path("secretKeyRef");
                if (!secrets.getOrDefault(ref.path("name").asText(), Set.of()).contains(ref.path("key").asText())) {
                    problems.add(name(object) + ": Secret " + ref.path("name").asText() + " key " + ref.path("key").asText()
                            + " is not declared in deploy/README.md");
                }
            });
            object.findParents("configMapKeyRef").forEach(parent -> {
                JsonNode ref = parent.path("configMapKeyRef");
                if (!configMapKeys.contains(ref.path("name").asText() + "/" + ref.path("key").asText())) {
                    problems.add(name(object) + ": ConfigMap key " + ref + " is not rendered");
                }
            });
            object.findParents("configMapRef").forEach(parent -> {
                if (!configMaps.contains(parent.path("configMapRef").path("name").asText())) {
                    problems.add(name(object) + ": ConfigMap " + parent.path("configMapRef").path("name").asText() + " is not rendered");
                }
            });
            object.findParents("secretName").forEach(volume -> {
                String secret = volume.path("secretName").asText();
                if (!secrets.containsKey(secret)) {
                    problems.add(name(object) + ": volume from Secret " + secret + " is not declared in deploy/README.md");
                }
                volume.path("items").forEach(item -> {
                    if (!secrets.getOrDefault(secret, Set.of()).contains(item.path("key").asText())) {
                        problems.add(name(object) + ": Secret " + secret + " key " + item.path("key").asText() + " is not declared");
                    }
                });
            });
            object.findParents("secretRef").forEach(parent -> {
                if (!secrets.containsKey(parent.path("secretRef").path("name").asText())) {
                    problems.add(name(object) + ": Secret " + parent.path("secretRef").path("name").asText() + " is not declared");
                }
            });
            if ("Secret".equals(object.path("kind").asText())) {
                problems.add("Secret " + name(object) + " is inlined: Secrets are referenced, never rendered");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void theTopicsAndTheirPartitionsAreTheContracts(String dir) {
        Map<String, Integer> rendered = new TreeMap<>();
        Manifests.ofKind(dir, "KafkaTopic").forEach(topic -> rendered.put(
                topic.path("spec").path("topicName").asText(name(topic)), topic.path("spec").path("partitions").asInt()));
        Map<String, Integer> contracts = new TreeMap<>();
        for (Topic topic : Topic.values()) {
            contracts.put(topic.topicName(), topic.partitions());
        }
        assertEquals(contracts, rendered);
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void theGatewayPodsRunEveryShardAndEachPodRunsSome(String dir) {
        JsonNode gateway = Manifests.named(dir, "StatefulSet", "gateway-service").orElseThrow(() -> new AssertionError("no gateway StatefulSet"));
        Map<String, String> env = new HashMap<>();
        Manifests.podSpec(gateway).path("containers").get(0).path("env")
                .forEach(variable -> env.put(variable.path("name").asText(), variable.path("value").asText()));
        int total = Integer.parseInt(env.get("RIFF_DISCORD_SHARD_TOTAL"));
        int perPod = Integer.parseInt(env.get("RIFF_DISCORD_SHARDS_PER_POD"));
        int pods = gateway.path("spec").path("replicas").asInt();
        assertTrue(pods * perPod >= total, pods + " pods of " + perPod + " shards leave some of the " + total + " shards unrun");
        assertTrue((pods - 1) * perPod < total, "the last of " + pods + " pods would run none of the " + total + " shards");
        assertTrue(Manifests.ofKind(dir, "Service").stream().anyMatch(service -> name(service).equals(gateway.path("spec").path("serviceName").asText())
                && "None".equals(service.path("spec").path("clusterIP").asText())), "the StatefulSet's governing Service is headless");
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyPodRunsRestrictedWithRequestsAndAMemoryLimit(String dir) {
        List<String> problems = new ArrayList<>();
        for (JsonNode workload : Manifests.workloads(dir)) {
            JsonNode pod = Manifests.podSpec(workload);
            if (!pod.path("securityContext").path("runAsNonRoot").asBoolean()) {
                problems.add(name(workload) + ": pods must set runAsNonRoot");
            }
            if (!"RuntimeDefault".equals(pod.path("securityContext").path("seccompProfile").path("type").asText())) {
                problems.add(name(workload) + ": pods must use the RuntimeDefault seccomp profile");
            }
            for (JsonNode container : pod.path("containers")) {
                String id = name(workload) + "/" + container.path("name").asText();
                JsonNode security = container.path("securityContext");
                if (!security.path("readOnlyRootFilesystem").asBoolean() || security.path("allowPrivilegeEscalation").asBoolean(true)) {
                    problems.add(id + ": needs a read-only root filesystem and no privilege escalation");
                }
                if (!security.path("capabilities").path("drop").toString().contains("\"ALL\"")) {
                    problems.add(id + ": must drop all capabilities");
                }
                JsonNode resources = container.path("resources");
                if (resources.path("requests").path("cpu").isMissingNode() || resources.path("requests").path("memory").isMissingNode()
                        || resources.path("limits").path("memory").isMissingNode()) {
                    problems.add(id + ": needs CPU and memory requests and a memory limit");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    // --- what the services read ---

    private record Reads(Set<String> required, Set<String> referenced, Set<String> propertyEnvNames) {
    }

    /** A service's reads: its application.properties, service-support's shared defaults, and its Java configuration. */
    private static Reads reads(Path module) throws IOException {
        List<Path> properties = List.of(module.resolve("src/main/resources/application.properties"),
                Manifests.ROOT.resolve("service-support/src/main/resources/META-INF/microprofile-config.properties"));
        Set<String> required = new HashSet<>();
        Set<String> referenced = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Path file : properties) {
            String text = Files.readString(file);
            Matcher reference = ENV_REFERENCE.matcher(text);
            while (reference.find()) {
                referenced.add(reference.group(1));
                if (reference.group(2).isEmpty()) {
                    required.add(reference.group(1));
                }
            }
            load(file).stringPropertyNames().forEach(key -> names.add(key.replaceFirst("^%\\w+\\.", "")));
        }
        for (Path sources : List.of(module.resolve("src/main/java"), Manifests.ROOT.resolve("service-support/src/main/java"))) {
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(file);
                    CONFIG_PROPERTY.matcher(text).results().forEach(match -> names.add(match.group(1)));
                    Matcher mapping = CONFIG_MAPPING.matcher(text);
                    if (mapping.find()) {
                        String prefix = mapping.group(1);
                        MAPPING_METHOD.matcher(text).results().forEach(method -> names.add(prefix + "." + kebab(method.group(1))));
                    }
                }
            }
        }
        Set<String> envNames = new HashSet<>();
        names.forEach(name -> envNames.add(name.toUpperCase().replaceAll("[^A-Z0-9]", "_")));
        return new Reads(required, referenced, envNames);
    }

    /** deploy/README.md's table of Secrets: | `name` | `key`, `key` | what … |. */
    static Map<String, Set<String>> declaredSecrets() throws IOException {
        Map<String, Set<String>> secrets = new HashMap<>();
        Pattern row = Pattern.compile("^\\| `([a-z0-9-]+)` \\| ([^|]+)\\|", Pattern.MULTILINE);
        Matcher matcher = row.matcher(Files.readString(Manifests.ROOT.resolve("deploy/README.md")));
        while (matcher.find()) {
            Set<String> keys = new HashSet<>();
            Pattern.compile("`([^`]+)`").matcher(matcher.group(2)).results().forEach(key -> keys.add(key.group(1)));
            secrets.put(matcher.group(1), keys);
        }
        return secrets;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file)));
        return properties;
    }

    private static void expect(List<String> problems, String what, String expected, String actual) {
        if (expected == null || !expected.equals(actual)) {
            problems.add(what + " is " + actual + ", the service listens on " + expected);
        }
    }

    /** A Service's, PDB's or policy's selector picking the workload's pods; an empty one here is a mistake, not "all". */
    private static boolean selects(JsonNode selector, JsonNode workload) {
        return !selector.isEmpty() && Manifests.matchesLabels(selector, workload);
    }

    private static boolean hasContainerPort(JsonNode workload, JsonNode target) {
        for (JsonNode container : Manifests.podSpec(workload).path("containers")) {
            for (JsonNode port : container.path("ports")) {
                if (target.isInt() ? port.path("containerPort").asInt() == target.asInt() : port.path("name").asText().equals(target.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }
}
