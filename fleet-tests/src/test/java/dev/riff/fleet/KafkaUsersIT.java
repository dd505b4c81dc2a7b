package dev.riff.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.riff.contracts.Topic;
import dev.riff.devkit.FleetService;
import dev.riff.devkit.KafkaBroker;
import dev.riff.devkit.Ports;
import dev.riff.devkit.ServiceProcess;
import dev.riff.devkit.discord.DiscordSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * deploy/'s Kafka users on a real broker that demands them: SCRAM-SHA-512 logins and ACLs, with the
 * ACLs of {@code deploy/base/kafka-users.yaml} applied as Strimzi's User Operator would. The whole
 * fleet runs as processes, each service logging in as its own user through the environment variables
 * Kubernetes sets from the user's Secret. Every consumer group its user is granted fills up, a change
 * leaves config-service's outbox and is stored by the event store, and each user is refused what its
 * ACLs do not name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaUsersIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Map<String, String> passwords = new HashMap<>();
    private final Map<FleetService, ServiceProcess> services = new EnumMap<>(FleetService.class);
    private List<JsonNode> users;
    private Path state;
    private KafkaBroker kafka;
    private DiscordSimulator discord;

    @BeforeAll
    void startTheFleetUnderItsKafkaUsers() throws Exception {
        Path root = Path.of(System.getProperty("riff.root", "..")).toAbsolutePath().normalize();
        try (MappingIterator<JsonNode> documents = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                .readValues(root.resolve("deploy/base/kafka-users.yaml").toFile())) {
            users = documents.readAll();
        }
        state = Files.createTempDirectory("riff-kafka-users-it");
        kafka = KafkaBroker.withScram(state.resolve("kafka"), Ports.free(), Ports.free());
        kafka.start();
        kafka.createTopics();
        try (Admin admin = kafka.admin()) {
            for (JsonNode user : users) {
                String name = user.path("metadata").path("name").asText();
                passwords.put(name, UUID.randomUUID().toString());
                kafka.addScramUser(name, passwords.get(name));
                admin.createAcls(aclBindings(user)).all().get(30, TimeUnit.SECONDS);
            }
        }
        discord = DiscordSimulator.start(0);
        int configPort = Ports.free();
        for (FleetService service : FleetService.values()) {
            ServiceProcess process = new ServiceProcess(service, root, state, service == FleetService.CONFIG ? configPort : Ports.free(), Map.of(
                    "riff.kafka.bootstrap", kafka.bootstrapServers(),
                    "riff.database-name", service.database() + "_test",
                    "riff.discord.simulator-url", "http://127.0.0.1:" + discord.port(),
                    "riff.config-service.port", Integer.toString(configPort)))
                    .withEnvironment(Map.of(
                            "RIFF_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                            "RIFF_KAFKA_SASL_JAAS_CONFIG", KafkaBroker.jaasConfig(service.module(), passwords.get(service.module()))));
            services.put(service, process);
            process.start();
        }
        for (ServiceProcess process : services.values()) {
            process.awaitReady(Duration.ofSeconds(150));
        }
    }

    @AfterAll
    void stop() throws IOException {
        services.values().forEach(ServiceProcess::stop);
        if (discord != null) {
            discord.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
        TestDirectories.deleteTree(state);
    }

    @Test
    void everyServiceConsumesInEveryGroupItsUserIsGranted() throws Exception {
        List<String> expected = new ArrayList<>();
        for (JsonNode user : users) {
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                if (acl.path("resource").path("type").asText().equals("group")) {
                    expected.add(acl.path("resource").path("name").asText() + ("prefix".equals(acl.path("resource").path("patternType").asText()) ? "*" : ""));
                }
            }
        }
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> stable = stableGroups();
            List<String> missing = expected.stream().filter(group -> group.endsWith("*")
                    ? stable.stream().noneMatch(name -> name.startsWith(group.substring(0, group.length() - 1)))
                    : !stable.contains(group)).toList();
            assertTrue(missing.isEmpty(), "groups with no members yet: " + missing + "; stable: " + stable);
        });
        for (ServiceProcess process : services.values()) {
            assertTrue(metrics(process).contains("riff_kafka_broker_reachable 1.0"),
                    process.service().module() + "'s readiness probe logs in to the broker");
            String log = Files.readString(process.logFile());
            assertTrue(!log.contains("AuthorizationException") && !log.contains("AuthenticationException"),
                    process.service().module() + " was refused something by the broker; see " + process.logFile());
        }
    }

    @Test
    void aChangeLeavesConfigServicesOutboxAsItsUserAndIsStored() {
        String guild = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 999_999_999_999_999_999L));
        Http.Reply changed = Http.patch(services.get(FleetService.CONFIG).url() + "/api/v1/guilds/" + guild + "/server-configuration",
                "{\"volumeLimit\":70}");
        assertEquals(200, changed.status(), () -> "PATCH answered " + changed.body());
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            Http.Reply events = Http.get(services.get(FleetService.EVENTSTORE).url() + "/api/v1/events?guild=" + guild + "&type=config.");
            return events.status() == 200 && events.body().size() == 1;
        });
    }

    @Test
    void eachUserIsRefusedEveryTopicAndGroupItsAclsDoNotName() throws Exception {
        for (JsonNode user : users) {
            String name = user.path("metadata").path("name").asText();
            Set<String> writable = granted(user, "topic", "Write");
            Set<String> readable = granted(user, "topic", "Read");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(name, passwords.get(name)))) {
                for (Topic topic : Topic.values()) {
                    if (!writable.contains(topic.topicName())) {
                        ExecutionException refused = assertThrows(ExecutionException.class,
                                () -> producer.send(new ProducerRecord<>(topic.topicName(), "k", "v")).get(30, TimeUnit.SECONDS),
                                name + " may not write " + topic.topicName());
                        assertInstanceOf(TopicAuthorizationException.class, refused.getCause(), name + " writing " + topic.topicName());
                    }
                }
            }
            String unreadable = Stream.of(Topic.values()).map(Topic::topicName).filter(topic -> !readable.contains(topic)).findFirst().orElseThrow();
            String ownGroup = granted(user, "group", "Read").iterator().next();
            assertThrows(TopicAuthorizationException.class, () -> pollOnce(name, passwords.get(name), ownGroup, unreadable),
                    name + " may not read " + unreadable);
            String readableTopic = readable.iterator().next();
            String strangersGroup = "someone-elses-" + name;
            assertThrows(GroupAuthorizationException.class, () -> pollOnce(name, passwords.get(name), strangersGroup, readableTopic),
                    name + " may not join " + strangersGroup);
        }
        String someone = users.getFirst().path("metadata").path("name").asText();
        try (KafkaProducer<String, String> impostor = new KafkaProducer<>(producerProperties(someone, "not-the-password"))) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> impostor.send(new ProducerRecord<>(Topic.CONFIG_EVENTS.topicName(), "k", "v")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause(), "a wrong password is refused at login");
        }
    }

    /** The ACLs Strimzi's User Operator makes from a KafkaUser's {@code spec.authorization.acls}. */
    private static List<AclBinding> aclBindings(JsonNode user) {
        String principal = "User:" + user.path("metadata").path("name").asText();
        List<AclBinding> bindings = new ArrayList<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            ResourcePattern pattern = new ResourcePattern(ResourceType.fromString(resource.path("type").asText().toUpperCase(Locale.ROOT)),
                    resource.path("name").asText(), "prefix".equals(resource.path("patternType").asText()) ? PatternType.PREFIXED : PatternType.LITERAL);
            for (JsonNode operation : acl.path("operations")) {
                bindings.add(new AclBinding(pattern, new AccessControlEntry(principal, acl.path("host").asText("*"),
                        AclOperation.fromString(operation.asText().toUpperCase(Locale.ROOT)), AclPermissionType.ALLOW)));
            }
        }
        return bindings;
    }

    private static Set<String> granted(JsonNode user, String type, String operation) {
        Set<String> names = new TreeSet<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            if (resource.path("type").asText().equals(type) && "literal".equals(resource.path("patternType").asText("literal"))) {
                acl.path("operations").forEach(op -> {
                    if (op.asText().equals(operation)) {
                        names.add(resource.path("name").asText());
                    }
                });
            }
        }
        return names;
    }

    private Set<String> stableGroups() throws Exception {
        try (Admin admin = kafka.admin()) {
            Collection<ConsumerGroupListing> listings = admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS);
            Set<String> stable = new TreeSet<>();
            admin.describeConsumerGroups(listings.stream().map(ConsumerGroupListing::groupId).toList()).all().get(10, TimeUnit.SECONDS)
                    .forEach((group, description) -> {
                        if (description.groupState() == GroupState.STABLE && !description.members().isEmpty()) {
                            stable.add(group);
                        }
                    });
            return stable;
        }
    }

    private static String metrics(ServiceProcess process) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(process.managementUrl() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private Properties producerProperties(String user, String password) {
        Properties properties = kafka.clientProperties(user, password);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        return properties;
    }

    private void pollOnce(String user, String password, String group, String topic) {
        Properties properties = kafka.clientProperties(user, password);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500));
            }
            throw new AssertionError(user + " read " + topic + " in group " + group + " for 30 s without being refused");
        }
    }
}
