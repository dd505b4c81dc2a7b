package dev.riff.devkit;

import dev.riff.contracts.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process),
 * formatted and started from the kafka_2.13 jars on the devkit's classpath. Auto topic creation is
 * off: {@link #createTopics()} creates every {@link Topic} with its documented partition count.
 *
 * <p>{@link #withScram} starts it as deploy/ runs Kafka: every client authenticates with SCRAM-SHA-512
 * and is authorised by ACLs (KRaft's StandardAuthorizer), with one superuser, {@value #ADMIN}, for
 * the devkit's own admin calls.
 */
public final class KafkaBroker {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    public static final String ADMIN = "admin";
    private static final String SCRAM = "SCRAM-SHA-512";

    private final Path home;
    private final int port;
    private final int controllerPort;
    private final LocalProcess process;
    /** The superuser's password when clients must authenticate; null for a plaintext, anonymous broker. */
    private final String adminPassword;

    public KafkaBroker(Path home, int port, int controllerPort) {
        this(home, port, controllerPort, null);
    }

    private KafkaBroker(Path home, int port, int controllerPort, String adminPassword) {
        this.home = home;
        this.port = port;
        this.controllerPort = controllerPort;
        this.adminPassword = adminPassword;
        this.process = new LocalProcess("kafka", home.resolve("kafka.pid"));
    }

    /** A broker whose clients authenticate with SCRAM-SHA-512 and are authorised by ACLs. */
    public static KafkaBroker withScram(Path home, int port, int controllerPort) {
        return new KafkaBroker(home, port, controllerPort, UUID.randomUUID().toString());
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The JAAS line a SCRAM client logs in with, as Strimzi puts it in a KafkaUser's Secret. */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** What a client needs to connect as {@code user}: bootstrap servers, and SCRAM when the broker asks for it. */
    public Properties clientProperties(String user, String password) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (adminPassword != null) {
            properties.put("security.protocol", "SASL_PLAINTEXT");
            properties.put("sasl.mechanism", SCRAM);
            properties.put("sasl.jaas.config", jaasConfig(user, password));
        }
        return properties;
    }

    /** Creates (or changes) a SCRAM user's password; its rights are the ACLs given to {@code User:<user>}. */
    public void addScramUser(String user, String password) {
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new FleetException("cannot create Kafka user " + user + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    public Path logFile() {
        return home.resolve("kafka.log");
    }

    /**
     * Formats the storage on first use, starts the broker and waits until it answers. Safe to call
     * when running. A Kafka broker that something else started on the port is used as it is.
     *
     * @return true when this call started the broker
     */
    public boolean start() {
        if (process.isRunning()) {
            awaitReady();
            return false;
        }
        if (Ports.isListening(port)) {
            if (answersAsKafka()) {
                return false;
            }
            Ports.requireFree(port, "Kafka");
        }
        Ports.requireFree(controllerPort, "the Kafka controller");
        Path config = writeConfig();
        if (!Files.exists(dataDirectory().resolve("meta.properties"))) {
            format(config);
        }
        process.start(List.of(LocalProcess.javaExecutable(), "-Xms256m", "-Xmx768m", "-XX:+UseG1GC",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
                        "-cp", classpath(), "kafka.Kafka", config.toString()),
                Map.of(), home, logFile());
        awaitReady();
        return true;
    }

    private boolean answersAsKafka() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
            return true;
        } catch (Exception notKafka) {
            return false;
        }
    }

    public void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    /** Kills the broker at once, as a crash would; {@link #start()} brings it back with its data. */
    public void kill() {
        process.kill();
    }

    public void createTopics() {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                if (!existing.contains(topic.topicName())) {
                    missing.add(new NewTopic(topic.topicName(), topic.partitions(), (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new FleetException("cannot create Kafka topics: " + e.getCause().getMessage(), e);
            }
        } catch (Exception e) {
            throw new FleetException("cannot create Kafka topics: " + e.getMessage(), e);
        }
    }

    public Admin admin() {
        Properties properties = clientProperties(ADMIN, adminPassword);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(properties);
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isRunning()) {
                throw new FleetException("Kafka exited while starting; see " + logFile());
            }
            if (Ports.isListening(port)) {
                try (Admin admin = admin()) {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    // the listener opens before the broker has joined the quorum
                }
            }
            sleep(250);
        }
        throw new FleetException("Kafka did not become ready within " + START_TIMEOUT.toSeconds() + " s; see " + logFile());
    }

    private Path dataDirectory() {
        return home.resolve("data");
    }

    private Path writeConfig() {
        String listener = adminPassword == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=" + listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=" + listener + "://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=" + listener,
                "listener.security.protocol.map=" + listener + ":" + listener + ",CONTROLLER:PLAINTEXT",
                securityConfig(),
                "log.dirs=" + dataDirectory(),
                "auto.create.topics.enable=false",
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=8",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // Playback nodes detect a dead node within 2.5 s (the broker's default floor is 6 s).
                "group.min.session.timeout.ms=2000",
                "log.retention.hours=168",
                "");
        try {
            Files.createDirectories(home);
            Path file = home.resolve("server.properties");
            Files.writeString(file, config);
            return file;
        } catch (IOException e) {
            throw new FleetException("cannot write Kafka configuration in " + home + ": " + e.getMessage(), e);
        }
    }

    /**
     * SCRAM on the client listener and ACLs for everyone but the superuser. The broker itself talks to
     * its controller over the loopback controller listener, as the anonymous user; no client can reach
     * that listener's principal through the SCRAM one.
     */
    private String securityConfig() {
        if (adminPassword == null) {
            return "";
        }
        return String.join("\n",
                "sasl.enabled.mechanisms=" + SCRAM,
                "sasl.mechanism.inter.broker.protocol=" + SCRAM,
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=" + jaasConfig(ADMIN, adminPassword),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:" + ADMIN + ";User:ANONYMOUS",
                "allow.everyone.if.no.acl.found=false");
    }

    private void format(Path config) {
        try {
            List<String> command = new ArrayList<>(List.of(LocalProcess.javaExecutable(), "-cp", classpath(),
                    "kafka.tools.StorageTool", "format", "--ignore-formatted",
                    // joined with '=': an id may start with '-', which the tool would take for an option
                    "--cluster-id=" + clusterId(), "--config", config.toString()));
            if (adminPassword != null) {
                // The superuser must exist before the broker starts: it is how the broker logs in to itself.
                command.add("--add-scram=" + SCRAM + "=[name=" + ADMIN + ",password=" + adminPassword + "]");
            }
            Process format = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new FleetException("formatting Kafka storage failed; see " + logFile());
            }
        } catch (IOException e) {
            throw new FleetException("cannot format Kafka storage: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted while formatting Kafka storage", e);
        }
    }

    /** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding. */
    private static String clusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** The devkit's own classpath holds the broker: kafka_2.13 and its dependencies. */
    private static String classpath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted", e);
        }
    }
}
