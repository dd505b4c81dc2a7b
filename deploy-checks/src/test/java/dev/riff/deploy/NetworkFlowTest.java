package dev.riff.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The NetworkPolicies admit exactly the flows docs/architecture.md documents ("Network flows"): what
 * the rendered policies allow is computed (between two of Riff's pods a flow needs the sender's
 * egress and the receiver's ingress) and compared with the table, row for row, both ways.
 */
class NetworkFlowTest {

    record Flow(String from, String to, String port) implements Comparable<Flow> {
        @Override
        public int compareTo(Flow other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return from + " -> " + to + " " + port;
        }
    }

    private static final Pattern ROW = Pattern.compile("^\\| ([a-z -]+) \\| ([a-z -]+) \\| ([0-9]+/[A-Z]+|any/[A-Z]+|any) \\|", Pattern.MULTILINE);

    static List<String> kustomizations() {
        return Manifests.kustomizations();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void theNetworkPoliciesAdmitExactlyTheDocumentedFlows(String dir) throws IOException {
        List<JsonNode> workloads = Manifests.workloads(dir);
        Set<String> pods = new TreeSet<>();
        workloads.forEach(workload -> pods.add(app(workload)));
        List<ObjectNode> policies = Manifests.ofKind(dir, "NetworkPolicy");
        List<JsonNode> services = workloads.stream().filter(Manifests::isRiffService).toList();
        assertTrue(policies.stream().anyMatch(policy -> isDefaultDeny(policy, services)),
                "a policy selects every Riff pod for both directions with no rule: default deny");
        for (JsonNode workload : workloads) {
            assertTrue(policies.stream().anyMatch(policy -> types(policy).equals(Set.of("Ingress", "Egress"))
                    && Manifests.matchesLabels(policy.path("spec").path("podSelector").path("matchLabels"), workload)),
                    app(workload) + ": no policy denies both directions by default");
        }
        Set<String> serviceNames = new TreeSet<>();
        services.forEach(service -> serviceNames.add(app(service)));
        assertEquals(new TreeSet<>(documented(serviceNames)), new TreeSet<>(admitted(policies, workloads, pods)));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void aRuleTheDocumentDoesNotListIsFound(String dir) throws IOException {
        List<JsonNode> workloads = Manifests.workloads(dir);
        Set<String> pods = new TreeSet<>();
        workloads.forEach(workload -> pods.add(app(workload)));
        List<ObjectNode> policies = new ArrayList<>(Manifests.ofKind(dir, "NetworkPolicy"));
        ObjectNode extra = policies.stream().filter(policy -> policy.path("metadata").path("name").asText().equals("config-service"))
                .findFirst().orElseThrow().deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) extra.path("spec").path("egress")).addObject().putArray("to").addObject()
                .putObject("ipBlock").put("cidr", "0.0.0.0/0");
        policies.add(extra);
        Set<Flow> admitted = admitted(policies, workloads, pods);
        assertTrue(admitted.contains(new Flow("config-service", "internet", "any")), admitted.toString());
        assertFalse(documented(pods).contains(new Flow("config-service", "internet", "any")));
    }

    /** The table's rows, "every service" spelled out as each of Riff's services. */
    static Set<Flow> documented(Set<String> pods) throws IOException {
        String text = Files.readString(Manifests.ROOT.resolve("docs/architecture.md"));
        String section = text.substring(text.indexOf("## Network flows"), text.indexOf("\n## ", text.indexOf("## Network flows") + 1));
        Set<Flow> flows = new HashSet<>();
        Matcher row = ROW.matcher(section);
        while (row.find()) {
            for (String from : expand(row.group(1), pods)) {
                for (String to : expand(row.group(2), pods)) {
                    flows.add(new Flow(from, to, row.group(3)));
                }
            }
        }
        return flows;
    }

    private static Set<String> expand(String name, Set<String> pods) {
        return name.equals("every service") ? pods : Set.of(name);
    }

    /** What the policies let through. */
    static Set<Flow> admitted(List<ObjectNode> policies, List<JsonNode> workloads, Set<String> pods) {
        Set<Flow> ingress = new HashSet<>();
        Set<Flow> egress = new HashSet<>();
        for (JsonNode policy : policies) {
            JsonNode spec = policy.path("spec");
            List<String> selected = workloads.stream().filter(workload -> Manifests.matchesLabels(spec.path("podSelector").path("matchLabels"), workload))
                    .map(NetworkFlowTest::app).toList();
            for (JsonNode rule : spec.path("ingress")) {
                for (String peer : peers(rule.path("from"), workloads)) {
                    for (String port : ports(rule.path("ports"))) {
                        selected.forEach(pod -> ingress.add(new Flow(peer, pod, port)));
                    }
                }
            }
            for (JsonNode rule : spec.path("egress")) {
                for (String peer : peers(rule.path("to"), workloads)) {
                    for (String port : ports(rule.path("ports"))) {
                        selected.forEach(pod -> egress.add(new Flow(pod, peer, port)));
                    }
                }
            }
        }
        Set<Flow> admitted = new HashSet<>();
        for (Flow flow : egress) {
            if (!pods.contains(flow.to()) || ingress.contains(flow)) {
                admitted.add(flow);
            }
        }
        for (Flow flow : ingress) {
            if (!pods.contains(flow.from())) {
                admitted.add(flow);
            }
        }
        return admitted;
    }

    private static boolean isDefaultDeny(JsonNode policy, List<JsonNode> workloads) {
        JsonNode spec = policy.path("spec");
        return types(policy).equals(Set.of("Ingress", "Egress")) && spec.path("ingress").isEmpty() && spec.path("egress").isEmpty()
                && workloads.stream().allMatch(workload -> Manifests.matchesLabels(spec.path("podSelector").path("matchLabels"), workload));
    }

    private static Set<String> types(JsonNode policy) {
        Set<String> types = new HashSet<>();
        policy.path("spec").path("policyTypes").forEach(type -> types.add(type.asText()));
        return types;
    }

    /** A rule's peers by the names the table uses; a peer of no known shape is named by its JSON, so it cannot match. */
    private static List<String> peers(JsonNode peers, List<JsonNode> workloads) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return List.of("anyone");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode peer : peers) {
            JsonNode pod = peer.path("podSelector").path("matchLabels");
            JsonNode namespace = peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name");
            String cidr = peer.path("ipBlock").path("cidr").asText();
            if (cidr.equals("0.0.0.0/0") || cidr.equals("::/0")) {
                names.add("internet");
            } else if (namespace.asText().equals("kube-system") && pod.path("k8s-app").asText().equals("kube-dns")) {
                names.add("dns");
            } else if (namespace.asText().equals("monitoring") && pod.path("app.kubernetes.io/name").asText().equals("prometheus")) {
                names.add("prometheus");
            } else if (namespace.asText().equals("ingress-nginx") && pod.isMissingNode()) {
                names.add("ingress");
            } else if (namespace.isMissingNode() && pod.has("strimzi.io/cluster")) {
                names.add("kafka");
            } else if (namespace.isMissingNode() && pod.has("cnpg.io/cluster")) {
                names.add("postgres");
            } else if (namespace.isMissingNode() && pod.size() == 1 && workloads.stream().anyMatch(workload -> Manifests.matchesLabels(pod, workload))) {
                names.add(pod.path("app").asText());
            } else {
                names.add(peer.toString());
            }
        }
        return names;
    }

    private static List<String> ports(JsonNode ports) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return List.of("any");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode port : ports) {
            String protocol = port.path("protocol").asText("TCP");
            names.add(port.has("port") ? port.path("port").asText() + "/" + protocol : "any/" + protocol);
        }
        return names;
    }

    private static String app(JsonNode workload) {
        return Manifests.podLabels(workload).path("app").asText();
    }
}
