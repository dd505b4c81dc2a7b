package dev.riff.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * deploy/ as Kubernetes would receive it: each kustomization rendered by Kustomize itself (the one in
 * kubectl, {@code kubectl kustomize}; RIFF_KUSTOMIZE names another, e.g. {@code kustomize build}), read as YAML.
 */
final class Manifests {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Map<String, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();

    private Manifests() {
    }

    /** The kustomizations under deploy/: the base and every overlay. */
    static List<String> kustomizations() {
        try (Stream<Path> files = Files.walk(ROOT.resolve("deploy"))) {
            return files.filter(file -> file.getFileName().toString().equals("kustomization.yaml"))
                    .map(file -> ROOT.relativize(file.getParent()).toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every object the kustomization at {@code dir} (relative to the repository) renders. */
    static List<ObjectNode> render(String dir) {
        return RENDERED.computeIfAbsent(dir, Manifests::kustomize);
    }

    static List<ObjectNode> ofKind(String dir, String kind) {
        return render(dir).stream().filter(object -> kind.equals(object.path("kind").asText())).toList();
    }

    static Optional<ObjectNode> named(String dir, String kind, String name) {
        return ofKind(dir, kind).stream().filter(object -> name.equals(object.path("metadata").path("name").asText())).findFirst();
    }

    /** The Deployments and StatefulSets the kustomization renders. */
    static List<JsonNode> workloads(String dir) {
        List<JsonNode> workloads = new ArrayList<>(ofKind(dir, "Deployment"));
        workloads.addAll(ofKind(dir, "StatefulSet"));
        return workloads;
    }

    /** The labels a workload's pods carry. */
    static JsonNode podLabels(JsonNode workload) {
        return workload.path("spec").path("template").path("metadata").path("labels");
    }

    /** Whether the workload's pods carry every label of {@code matchLabels} (an empty one matches all, as in Kubernetes). */
    static boolean matchesLabels(JsonNode matchLabels, JsonNode workload) {
        JsonNode labels = podLabels(workload);
        for (var label : matchLabels.properties()) {
            if (!label.getValue().equals(labels.path(label.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** One of Riff's own services (not Redis or another piece of infrastructure). */
    static boolean isRiffService(JsonNode workload) {
        return "riff".equals(podLabels(workload).path("app.kubernetes.io/part-of").asText());
    }

    /** The pod template of a Deployment or StatefulSet. */
    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    private static List<ObjectNode> kustomize(String dir) {
        List<String> command = new ArrayList<>(List.of(System.getenv().getOrDefault("RIFF_KUSTOMIZE", "kubectl kustomize").split(" ")));
        command.add(ROOT.resolve(dir).toString());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("Kustomize could not render " + dir + ": " + err);
            }
            List<ObjectNode> objects = new ArrayList<>();
            try (YAMLParser parser = new YAMLFactory().createParser(out)) {
                for (var documents = YAML.readValues(parser, JsonNode.class); documents.hasNext(); ) {
                    JsonNode document = documents.next();
                    if (document instanceof ObjectNode object) {
                        objects.add(object);
                    }
                }
            }
            return objects;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + " (kubectl carries Kustomize; ./fleet test installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
