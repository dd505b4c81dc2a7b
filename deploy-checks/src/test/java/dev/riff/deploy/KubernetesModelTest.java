package dev.riff.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every object deploy/ renders is read into the Kubernetes API model (fabric8's) or its operator's
 * (Strimzi's), and a field the model does not know fails the check: a typo such as {@code readinesProbe}
 * would otherwise be dropped by the API server without a word.
 */
class KubernetesModelTest {

    /** apiVersion/kind to the model class; a kind not listed here fails, so each new kind gets its model. */
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class));

    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    @Test
    void everyRenderedObjectIsAKnownKindWithOnlyFieldsItsModelKnows() {
        List<String> kustomizations = Manifests.kustomizations();
        assertFalse(kustomizations.isEmpty(), "deploy/ has kustomizations");
        List<String> problems = new ArrayList<>();
        for (String dir : kustomizations) {
            List<ObjectNode> objects = Manifests.render(dir);
            assertFalse(objects.isEmpty(), dir + " renders objects");
            for (ObjectNode object : objects) {
                String id = dir + ": " + object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
                Class<?> model = MODELS.get(object.path("apiVersion").asText() + "/" + object.path("kind").asText());
                if (model == null) {
                    problems.add(id + ": no API model for " + object.path("apiVersion").asText() + " " + object.path("kind").asText());
                    continue;
                }
                Object parsed;
                try {
                    parsed = STRICT.treeToValue(object, model);
                } catch (Exception e) {
                    problems.add(id + ": " + e.getMessage().lines().findFirst().orElse(""));
                    continue;
                }
                unknownFields(parsed, "", problems, id, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
            }
        }
        assertTrue(problems.isEmpty(), "objects the API would not take as written:\n" + String.join("\n", problems));
    }

    @Test
    void theCheckFindsAFieldItsModelDoesNotKnow() {
        ObjectNode deployment = Manifests.ofKind("deploy/base", "Deployment").getFirst().deepCopy();
        ((ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0)).put("readinesProbe", "typo");
        List<String> problems = new ArrayList<>();
        try {
            unknownFields(STRICT.treeToValue(deployment, Deployment.class), "", problems, "test",
                    java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        } catch (Exception e) {
            problems.add(e.getMessage());
        }
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().contains("readinesProbe"), problems.getFirst());
        assertNotNull(MODELS.get("apps/v1/Deployment"));
    }

    /**
     * The models keep fields they do not know in {@code additionalProperties} rather than failing;
     * walk the parsed object and report every such field with its path.
     */
    static void unknownFields(Object node, String path, List<String> problems, String id, Set<Object> seen) {
        if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean || node instanceof Enum<?>
                || !seen.add(node)) {
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, path + "." + key, problems, id, seen));
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems, id, seen);
            }
            return;
        }
        String type = node.getClass().getName();
        if (!type.startsWith("io.fabric8.kubernetes.api.model") && !type.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (field.equals("additionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(id + ": unknown field" + (extra.size() == 1 ? " " : "s ") + extra.keySet() + " at " + (path.isEmpty() ? "/" : path));
                }
                continue;
            }
            unknownFields(value, path + "." + field, problems, id, seen);
        }
    }
}
