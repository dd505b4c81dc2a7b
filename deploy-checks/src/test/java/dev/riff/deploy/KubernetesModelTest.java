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
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class));

    /**
     * CloudNativePG publishes no Java model to the registry: its kinds are held to the fields of its
     * API reference (postgresql.cnpg.io/v1), at the paths Riff uses.
     */
    private static final Map<String, Set<String>> CNPG_FIELDS = Map.of(
            "Cluster", Set.of("apiVersion", "kind", "metadata", "spec"),
            "Cluster.spec", Set.of("description", "inheritedMetadata", "imageName", "imageCatalogRef", "imagePullPolicy", "schedulerName",
                    "postgresUID", "postgresGID", "instances", "minSyncReplicas", "maxSyncReplicas", "postgresql", "replicationSlots",
                    "bootstrap", "replica", "superuserSecret", "enableSuperuserAccess", "certificates", "imagePullSecrets", "storage",
                    "serviceAccountTemplate", "walStorage", "ephemeralVolumeSource", "startDelay", "stopDelay", "smartShutdownTimeout",
                    "switchoverDelay", "failoverDelay", "livenessProbeTimeout", "affinity", "topologySpreadConstraints", "resources",
                    "ephemeralVolumesSizeLimit", "priorityClassName", "primaryUpdateStrategy", "primaryUpdateMethod", "backup",
                    "nodeMaintenanceWindow", "monitoring", "externalClusters", "logLevel", "projectedVolumeTemplate", "env", "envFrom",
                    "managed", "seccompProfile", "tablespaces", "enablePDB", "plugins", "probes"),
            "Cluster.spec.managed", Set.of("roles", "services"),
            "Cluster.spec.managed.roles", Set.of("name", "comment", "ensure", "passwordSecret", "connectionLimit", "validUntil", "inRoles",
                    "inherit", "disablePassword", "superuser", "createdb", "createrole", "login", "replication", "bypassrls"),
            "Cluster.spec.storage", Set.of("storageClass", "size", "resizeInUseVolumes", "pvcTemplate"),
            "Cluster.spec.postgresql", Set.of("parameters", "synchronous", "pg_hba", "pg_ident", "syncReplicaElectionConstraint",
                    "shared_preload_libraries", "ldap", "promotionTimeout", "enableAlterSystem", "extensions"),
            "Database", Set.of("apiVersion", "kind", "metadata", "spec"),
            "Database.spec", Set.of("cluster", "ensure", "name", "owner", "template", "encoding", "locale", "localeProvider", "lcCollate",
                    "lcCtype", "icuLocale", "icuRules", "builtinLocale", "collationVersion", "isTemplate", "allowConnections",
                    "connectionLimit", "tablespace", "databaseReclaimPolicy", "schemas", "extensions", "fdws", "servers"));

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
                if ("postgresql.cnpg.io/v1".equals(object.path("apiVersion").asText())) {
                    cnpgFields(object, object.path("kind").asText(), problems, id);
                    continue;
                }
                Class<?> model = MODELS.get(object.path("apiVersion").asText() + "/" + object.path("kind").asText());
                if (model == null) {
                    problems.add(id + ": no API model for " + object.path("apiVersion").asText() + " " + object.path("kind").asText());
                    continue;
                }
                againstModel(object, model, problems, id);
            }
        }
        assertTrue(problems.isEmpty(), "objects the API would not take as written:\n" + String.join("\n", problems));
    }

    @Test
    void theCheckFindsAFieldItsModelDoesNotKnow() {
        ObjectNode deployment = Manifests.ofKind("deploy/base", "Deployment").getFirst().deepCopy();
        ((ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0)).put("readinesProbe", "typo");
        List<String> problems = new ArrayList<>();
        againstModel(deployment, Deployment.class, problems, "test");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().contains("readinesProbe"), problems.getFirst());
        assertNotNull(MODELS.get("apps/v1/Deployment"));

        ObjectNode topic = Manifests.ofKind("deploy/base", "KafkaTopic").getFirst().deepCopy();
        ((ObjectNode) topic.path("spec")).put("partition", 3);
        List<String> topicProblems = new ArrayList<>();
        againstModel(topic, KafkaTopic.class, topicProblems, "test");
        assertTrue(topicProblems.toString().contains("partition"), "Strimzi's model: " + topicProblems);

        ObjectNode cluster = Manifests.ofKind("deploy/base", "Cluster").getFirst().deepCopy();
        ((ObjectNode) cluster.path("spec").path("managed").path("roles").get(0)).put("passwordSecrets", "typo");
        List<String> clusterProblems = new ArrayList<>();
        cnpgFields(cluster, "Cluster", clusterProblems, "test");
        assertEquals(List.of("test: unknown field passwordSecrets at Cluster.spec.managed.roles"), clusterProblems);
    }

    /** Reads the object into its model strictly; a field the model does not take, or keeps aside as unknown, is a problem. */
    static void againstModel(ObjectNode object, Class<?> model, List<String> problems, String id) {
        Object parsed;
        try {
            parsed = STRICT.treeToValue(object, model);
        } catch (Exception e) {
            problems.add(id + ": " + e.getMessage().lines().findFirst().orElse(""));
            return;
        }
        unknownFields(parsed, "", problems, id, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void cnpgFields(com.fasterxml.jackson.databind.JsonNode node, String path, List<String> problems, String id) {
        if (node.isArray()) {
            node.forEach(item -> cnpgFields(item, path, problems, id));
            return;
        }
        Set<String> allowed = CNPG_FIELDS.get(path);
        if (!CNPG_FIELDS.containsKey(path.split("\\.")[0])) {
            problems.add(id + ": no API model or field list for postgresql.cnpg.io/v1 " + path);
            return;
        }
        if (allowed == null || !node.isObject()) {
            return;
        }
        node.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                problems.add(id + ": unknown field " + field + " at " + path);
            } else if (!field.equals("metadata")) {
                cnpgFields(node.get(field), path + "." + field, problems, id);
            }
        });
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
        if (!type.startsWith("io.fabric8.kubernetes.api.model") && !type.startsWith("io.fabric8.openshift.api.model")
                && !type.startsWith("io.strimzi.api")) {
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
