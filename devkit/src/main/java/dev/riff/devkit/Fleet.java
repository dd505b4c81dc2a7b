package dev.riff.devkit;

import dev.riff.devkit.streaming.SpotifySimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The fleet launcher behind {@code ./fleet}: brings up the local infrastructure and the six
 * services, stops them, and tells what runs. State, pid files and logs live in {@code .fleet/}.
 */
public final class Fleet {

    public static final int KAFKA_PORT = 9092;
    public static final int KAFKA_CONTROLLER_PORT = 9093;
    /** The Discord simulator's port when the fleet runs without DISCORD_TOKEN. */
    public static final int DISCORD_SIMULATOR_PORT = 8090;
    /** The demo library the simulator process serves beside it (devkit DemoLibrary); 8091 is the Stripe simulator's. */
    public static final int DEMO_LIBRARY_PORT = 8092;
    /** The Spotify simulator the simulator process also serves, with local client credentials. */
    public static final int SPOTIFY_SIMULATOR_PORT = 8093;
    /** The lyrics providers' simulator (LRCLIB and lyrics.ovh), also in the simulator process. */
    public static final int LYRICS_SIMULATOR_PORT = 8094;
    /** Deezer's public API simulated, also in the simulator process. */
    public static final int DEEZER_SIMULATOR_PORT = 8095;
    /** SponsorBlock's API simulated, also in the simulator process. */
    public static final int SPONSORBLOCK_SIMULATOR_PORT = 8096;
    /** The Stripe simulator's port when the fleet runs without STRIPE_API_KEY (billing's default riff.stripe.api-base). */
    public static final int STRIPE_SIMULATOR_PORT = 8091;
    /** Where the Stripe simulator delivers webhooks: billing-service's endpoint. */
    public static final String STRIPE_WEBHOOK_URL = "http://127.0.0.1:8084/webhooks/stripe";
    /** The webhook signing secret the Stripe simulator uses, and billing's default. Local only. */
    public static final String STRIPE_SIMULATOR_WEBHOOK_SECRET = "whsec_riff_local_simulator";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final Path root;
    private final Path state;
    private final LocalServers servers;
    private final KafkaBroker kafka;
    private final List<ServiceProcess> services;
    private final LocalProcess discordSimulator;
    private final LocalProcess stripeSimulator;

    public Fleet(Path root) {
        this.root = root;
        this.state = root.resolve(".fleet");
        this.servers = new LocalServers(state);
        this.kafka = new KafkaBroker(state.resolve("kafka"), KAFKA_PORT, KAFKA_CONTROLLER_PORT);
        this.discordSimulator = new LocalProcess("discord-simulator", state.resolve("pids").resolve("discord-simulator.pid"));
        this.stripeSimulator = new LocalProcess("stripe-simulator", state.resolve("pids").resolve("stripe-simulator.pid"));
        // Without Discord there is no internet music either: playback searches the devkit's demo library first.
        // and its voice gateways are wss with a certificate of the simulator's development CA, trusted here by configuration.
        String spotify = "http://127.0.0.1:" + SPOTIFY_SIMULATOR_PORT;
        Map<String, String> playbackProperties = simulated()
                ? Map.ofEntries(Map.entry("riff.sponsorblock.url", "http://127.0.0.1:" + SPONSORBLOCK_SIMULATOR_PORT),
                        Map.entry("riff.playback.demo-library-url", "http://127.0.0.1:" + DEMO_LIBRARY_PORT),
                        Map.entry("riff.playback.voice-trusted-ca", tlsDirectory().resolve("dev-ca.pem").toString()),
                        Map.entry("riff.streaming.spotify-client-id", SpotifySimulator.LOCAL_CLIENT_ID),
                        Map.entry("riff.streaming.spotify-client-secret", SpotifySimulator.LOCAL_CLIENT_SECRET),
                        Map.entry("riff.streaming.spotify-accounts-url", spotify),
                        Map.entry("riff.streaming.spotify-api-url", spotify),
                        Map.entry("riff.lyrics.lrclib-url", "http://127.0.0.1:" + LYRICS_SIMULATOR_PORT),
                        Map.entry("riff.lyrics.lyrics-ovh-url", "http://127.0.0.1:" + LYRICS_SIMULATOR_PORT),
                        Map.entry("riff.streaming.deezer-api-url", "http://127.0.0.1:" + DEEZER_SIMULATOR_PORT))
                : Map.of();
        this.services = FleetService.startOrder().stream()
                .map(service -> new ServiceProcess(service, root, state, service.port(),
                        service == FleetService.PLAYBACK ? playbackProperties : Map.of()))
                .toList();
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("riff.root", ".")).toAbsolutePath().normalize();
        Fleet fleet = new Fleet(root);
        String command = String.join(" ", args);
        try {
            if (args.length > 0 && args[0].equals("discord")) {
                new dev.riff.devkit.discord.DiscordCli(DISCORD_SIMULATOR_PORT).run(java.util.Arrays.asList(args).subList(1, args.length));
                return;
            }
            switch (command) {
                case "up" -> fleet.up();
                case "down" -> fleet.down();
                case "status" -> fleet.status();
                case "infra up" -> fleet.infraUp();
                case "infra down" -> fleet.infraDown();
                case "images" -> {
                    try {
                        dev.riff.devkit.images.Images.buildAll(root);
                    } catch (Exception e) {
                        throw new FleetException("images: " + e.getMessage(), e);
                    }
                }
                // For Testcontainers: podman's Docker API and the offline PostgreSQL image, as shell exports.
                case "containers up" -> new dev.riff.devkit.images.ContainerApi(fleet.state)
                        .up().forEach((name, value) -> System.out.println("export " + name + "='" + value + "'"));
                case "containers down" -> new dev.riff.devkit.images.ContainerApi(fleet.state).down();
                default -> {
                    System.err.println("usage: fleet up | down | status | test | images | infra up | infra down | containers up | containers down | discord <command> [option=value ...] [--as alice|bob]");
                    System.exit(2);
                }
            }
        } catch (FleetException e) {
            System.err.println("fleet: " + e.getMessage());
            System.exit(1);
        }
    }

    /** PostgreSQL, Redis, the service databases and roles, Kafka and its topics. Safe to repeat. */
    public void infraUp() {
        servers.ensurePostgres();
        servers.ensureRedis();
        servers.provisionDatabases(FleetService.startOrder());
        boolean started = kafka.start();
        kafka.createTopics();
        System.out.printf("infrastructure ready: PostgreSQL 127.0.0.1:%d, Redis 127.0.0.1:%d, Kafka %s%s%n",
                LocalServers.POSTGRES_PORT, LocalServers.REDIS_PORT, kafka.bootstrapServers(),
                started || kafka.isRunning() ? "" : " (a broker already running there, not started by this fleet)");
    }

    public void infraDown() {
        kafka.stop();
        servers.stopWhatWeStarted();
        System.out.println("infrastructure stopped (PostgreSQL and Redis only if the fleet had started them)");
    }

    public void up() {
        // Refuse before starting anything, so a taken port never leaves half a fleet running.
        for (ServiceProcess service : services) {
            if (!service.isRunning()) {
                Ports.requireFree(service.port(), service.service().module());
                Ports.requireFree(service.service().managementPort(), service.service().module() + " (management)");
            }
        }
        if (simulated() && !discordSimulator.isRunning()) {
            Ports.requireFree(DISCORD_SIMULATOR_PORT, "the Discord simulator");
            Ports.requireFree(DEMO_LIBRARY_PORT, "the demo library");
            Ports.requireFree(SPOTIFY_SIMULATOR_PORT, "the Spotify simulator");
            Ports.requireFree(LYRICS_SIMULATOR_PORT, "the lyrics simulator");
            Ports.requireFree(DEEZER_SIMULATOR_PORT, "the Deezer simulator");
            Ports.requireFree(SPONSORBLOCK_SIMULATOR_PORT, "the SponsorBlock simulator");
        }
        if (stripeSimulated() && !stripeSimulator.isRunning()) {
            Ports.requireFree(STRIPE_SIMULATOR_PORT, "the Stripe simulator");
        }
        infraUp();
        if (simulated() && !discordSimulator.isRunning()) {
            discordSimulator.start(List.of(LocalProcess.javaExecutable(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                            "dev.riff.devkit.discord.SimulatorMain", Integer.toString(DISCORD_SIMULATOR_PORT), Integer.toString(DEMO_LIBRARY_PORT),
                            tlsDirectory().toString(), Integer.toString(SPOTIFY_SIMULATOR_PORT), Integer.toString(LYRICS_SIMULATOR_PORT),
                            Integer.toString(DEEZER_SIMULATOR_PORT), Integer.toString(SPONSORBLOCK_SIMULATOR_PORT)),
                    Map.of(), root, state.resolve("logs").resolve("discord-simulator.log"));
            Ports.awaitListening(DISCORD_SIMULATOR_PORT, "the Discord simulator", Duration.ofSeconds(30));
            Ports.awaitListening(DEMO_LIBRARY_PORT, "the demo library", Duration.ofSeconds(30));
            Ports.awaitListening(SPOTIFY_SIMULATOR_PORT, "the Spotify simulator", Duration.ofSeconds(30));
            Ports.awaitListening(LYRICS_SIMULATOR_PORT, "the lyrics simulator", Duration.ofSeconds(30));
            Ports.awaitListening(DEEZER_SIMULATOR_PORT, "the Deezer simulator", Duration.ofSeconds(30));
            Ports.awaitListening(SPONSORBLOCK_SIMULATOR_PORT, "the SponsorBlock simulator", Duration.ofSeconds(30));
        }
        // Before billing starts, so its first calls find Stripe; webhooks to billing are retried until it listens.
        if (stripeSimulated() && !stripeSimulator.isRunning()) {
            stripeSimulator.start(List.of(LocalProcess.javaExecutable(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                            "dev.riff.devkit.stripe.StripeSimulatorMain", Integer.toString(STRIPE_SIMULATOR_PORT), STRIPE_WEBHOOK_URL,
                            STRIPE_SIMULATOR_WEBHOOK_SECRET),
                    Map.of(), root, state.resolve("logs").resolve("stripe-simulator.log"));
            Ports.awaitListening(STRIPE_SIMULATOR_PORT, "the Stripe simulator", Duration.ofSeconds(30));
        }
        for (ServiceProcess service : services) {
            if (!service.isRunning()) {
                service.start();
            }
        }
        for (ServiceProcess service : services) {
            service.awaitReady(READY_TIMEOUT);
        }
        status();
    }

    public void down() {
        for (ServiceProcess service : services.reversed()) {
            if (service.isRunning()) {
                service.stop();
                System.out.println("stopped " + service.service().module());
            }
        }
        if (discordSimulator.stop(Duration.ofSeconds(10))) {
            System.out.println("stopped the Discord simulator");
        }
        if (stripeSimulator.stop(Duration.ofSeconds(10))) {
            System.out.println("stopped the Stripe simulator");
        }
        infraDown();
    }

    /** Where the simulator keeps its development CA (the playback nodes trust its certificate). */
    private Path tlsDirectory() {
        return state.resolve("tls");
    }

    /** Without a bot token the gateway talks to the Discord simulator, which the fleet then runs. */
    private static boolean simulated() {
        String token = System.getenv("DISCORD_TOKEN");
        return token == null || token.isBlank();
    }

    /** Without a Stripe secret key, billing talks to the Stripe simulator, which the fleet then runs. */
    private static boolean stripeSimulated() {
        String key = System.getenv("STRIPE_API_KEY");
        return key == null || key.isBlank();
    }

    public void status() {
        System.out.printf("%-20s %-24s %-8s %-22s %s%n", "SERVICE", "URL", "PID", "HEALTH", "LOG");
        for (ServiceProcess service : services) {
            boolean running = service.isRunning();
            System.out.printf("%-20s %-24s %-8s %-22s %s%n", service.service().module(), service.url(),
                    running ? Long.toString(service.pid()) : "-",
                    running ? service.health("/q/health/ready") : "stopped",
                    root.relativize(service.logFile()));
        }
        System.out.printf("%-20s %-24s %-8s %-22s %s%n", "discord-simulator", "http://127.0.0.1:" + DISCORD_SIMULATOR_PORT,
                discordSimulator.handle().map(h -> Long.toString(h.pid())).orElse("-"),
                discordSimulator.isRunning() ? "running" : simulated() ? "stopped" : "not used (DISCORD_TOKEN set)",
                ".fleet/logs/discord-simulator.log");
        System.out.printf("%-20s %-24s %-8s %-22s %s%n", "stripe-simulator", "http://127.0.0.1:" + STRIPE_SIMULATOR_PORT,
                stripeSimulator.handle().map(h -> Long.toString(h.pid())).orElse("-"),
                stripeSimulator.isRunning() ? "running" : stripeSimulated() ? "stopped" : "not used (STRIPE_API_KEY set)",
                ".fleet/logs/stripe-simulator.log");
        System.out.printf("%-20s %-24s %-8s %-22s %s%n", "kafka", kafka.bootstrapServers(), "-",
                kafka.isRunning() ? "running" : "stopped", root.relativize(kafka.logFile()));
        System.out.printf("%-20s %-24s %-8s %-22s%n", "postgresql", "127.0.0.1:" + LocalServers.POSTGRES_PORT, "-",
                Ports.isListening(LocalServers.POSTGRES_PORT) ? "listening" : "stopped");
        System.out.printf("%-20s %-24s %-8s %-22s%n", "redis", "127.0.0.1:" + LocalServers.REDIS_PORT, "-",
                Ports.isListening(LocalServers.REDIS_PORT) ? "listening" : "stopped");
    }
}
