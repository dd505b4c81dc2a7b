package dev.riff.gateway.service;

import dev.riff.contracts.CommandOptions;
import dev.riff.contracts.Setting;
import dev.riff.gateway.config.GatewayConfig;
import dev.riff.gateway.domain.CommandCatalog;
import dev.riff.gateway.domain.CommandRequest;
import dev.riff.gateway.domain.Reply;
import dev.riff.support.net.MediaDestinations;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses bad input before anything reaches Kafka: unknown or malformed options, over-long queries,
 * URLs that are not http(s), and URLs that point into private networks (lavaplayer would fetch
 * them for the requester: server-side request forgery).
 */
@ApplicationScoped
public class InputValidator {

    private static final Reply PRIVATE_NETWORK = Reply.of("url-private");
    private static final Pattern POSITION = Pattern.compile("(\\d{1,2}:)?\\d{1,2}:\\d{2}|\\d{1,6}");
    private static final Set<String> LOOP_MODES = Set.of("off", "track", "queue");
    private static final Map<String, Set<String>> OPTIONS = Map.ofEntries(
            Map.entry("play", Set.of("query", "next")), Map.entry("seek", Set.of("position")),
            Map.entry("volume", Set.of("percent")), Map.entry("queue", Set.of("page")),
            Map.entry("remove", Set.of("position")), Map.entry("move", Set.of("from", "to")),
            Map.entry("loop", Set.of("mode")), Map.entry("history", Set.of("page")), Map.entry("lyrics", Set.of("page")), Map.entry("filter", Set.of("preset")),
            Map.entry("config", Set.of("setting", "value", "channel")), Map.entry("premium", Set.of("plan")),
            Map.entry("webhooks", Set.of("url", "events", "id")));

    private final GatewayConfig config;
    private final MediaDestinations destinations;

    InputValidator(GatewayConfig config, MediaDestinations destinations) {
        this.config = config;
        this.destinations = destinations;
    }

    /** Checks that need no I/O. An empty result means the input is well-formed. */
    public Optional<Reply> check(CommandRequest request) {
        String command = request.command();
        if (!CommandCatalog.NAMES.contains(command)) {
            return Optional.of(Reply.of("unknown-command-name", "command", command));
        }
        Set<String> known = OPTIONS.getOrDefault(command, Set.of());
        for (String name : request.options().keySet()) {
            if (!known.contains(name)) {
                return Optional.of(Reply.of("unknown-option", "option", name, "command", command));
            }
        }
        return switch (command) {
            case "play" -> checkQuery(request.option("query"));
            case "seek" -> POSITION.matcher(String.valueOf(request.option("position"))).matches()
                    ? Optional.empty() : Optional.of(Reply.of("seek-format"));
            case "volume" -> integerBetween(request.option("percent"), 0, 200, "percent");
            case "remove" -> integerBetween(request.option("position"), 1, 100_000, "position");
            case "move" -> integerBetween(request.option("from"), 1, 100_000, "from")
                    .or(() -> integerBetween(request.option("to"), 1, 100_000, "to"));
            case "loop" -> LOOP_MODES.contains(String.valueOf(request.option("mode")))
                    ? Optional.empty() : Optional.of(Reply.of("loop-mode"));
            case "filter" -> CommandOptions.Filter.PRESETS.contains(String.valueOf(request.option("preset")))
                    ? Optional.empty() : Optional.of(Reply.of("filter-preset", "presets", String.join(", ", CommandOptions.Filter.PRESETS)));
            case "queue", "history", "lyrics" -> request.option("page") == null ? Optional.empty()
                    : integerBetween(request.option("page"), 1, 10_000, "page");
            case "config" -> checkConfig(request);
            case "premium" -> checkPremium(request);
            case "webhooks" -> checkWebhooks(request);
            default -> Optional.empty();
        };
    }

    /**
     * Resolves a URL query's host and refuses it when any address is private, loopback, link-local
     * or otherwise not on the public internet: an early, friendly refusal. The playback node checks
     * again the address it actually connects to, on every redirect. Resolution blocks, so it runs on
     * a worker thread.
     */
    public Uni<Optional<Reply>> checkDestination(String query) {
        Optional<URI> url = asUrl(query);
        // A streaming service's link is read through its API, never fetched: nothing to resolve here.
        if (url.isEmpty() || destinations.trusted(url.get()) || dev.riff.contracts.StreamingService.ofLink(query).isPresent()) {
            return Uni.createFrom().item(Optional.empty());
        }
        String host = url.get().getHost();
        return Uni.createFrom().item(() -> {
                    try {
                        destinations.resolvePublic(host);
                        return Optional.<Reply>empty();
                    } catch (MediaDestinations.NonPublicAddressException e) {
                        return Optional.of(PRIVATE_NETWORK);
                    } catch (UnknownHostException e) {
                        return Optional.of(Reply.of("host-unknown", "host", host));
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Optional<Reply> checkQuery(String query) {
        if (query == null || query.isBlank()) {
            return Optional.of(Reply.of("query-missing"));
        }
        if (query.length() > config.maxQueryLength()) {
            return Optional.of(Reply.of("query-too-long", "max", config.maxQueryLength()));
        }
        if (query.chars().anyMatch(c -> Character.isISOControl(c))) {
            return Optional.of(Reply.of("query-control"));
        }
        if (!looksLikeUrl(query)) {
            return Optional.empty();
        }
        URI url;
        try {
            url = new URI(query.trim());
        } catch (URISyntaxException e) {
            return Optional.of(Reply.of("url-invalid"));
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of(Reply.of("url-scheme"));
        }
        String host = url.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of(Reply.of("url-no-host"));
        }
        String lowerHost = host.toLowerCase(Locale.ROOT);
        if (destinations.trusted(url)) {
            return Optional.empty();
        }
        if (lowerHost.equals("localhost") || lowerHost.endsWith(".localhost") || lowerHost.endsWith(".internal")
                || lowerHost.endsWith(".local")) {
            return Optional.of(PRIVATE_NETWORK);
        }
        if (isIpLiteral(host)) {
            try {
                if (!MediaDestinations.isPublic(InetAddress.getByName(host.replace("[", "").replace("]", "")))) {
                    return Optional.of(PRIVATE_NETWORK);
                }
            } catch (UnknownHostException e) {
                return Optional.of(Reply.of("address-invalid"));
            }
        }
        return Optional.empty();
    }

    private static Optional<Reply> checkWebhooks(CommandRequest request) {
        if (request.subcommand() != null && !CommandCatalog.WEBHOOK_SUBCOMMANDS.contains(request.subcommand())) {
            return Optional.of(Reply.of("unknown-option", "option", request.subcommand(), "command", "webhooks"));
        }
        String id = request.option("id");
        if (id != null && !id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            return Optional.of(Reply.of("webhooks-id-format"));
        }
        return Optional.empty();
    }

    private static Optional<Reply> checkPremium(CommandRequest request) {
        if (request.subcommand() != null && !CommandCatalog.PREMIUM_SUBCOMMANDS.contains(request.subcommand())) {
            return Optional.of(Reply.of("unknown-option", "option", request.subcommand(), "command", "premium"));
        }
        if ("buy".equals(request.subcommand()) && !CommandCatalog.PLANS.contains(String.valueOf(request.option("plan")))) {
            return Optional.of(Reply.of("premium-plan-unknown", "plans", String.join(", ", CommandCatalog.PLANS.stream().sorted().toList())));
        }
        return Optional.empty();
    }

    private Optional<Reply> checkConfig(CommandRequest request) {
        if (!"set".equals(request.subcommand())) {
            return Optional.empty();
        }
        Optional<Setting> setting = Optional.ofNullable(request.option("setting")).flatMap(Setting::byKey)
                .filter(Setting.configurable()::contains);
        if (setting.isEmpty()) {
            return Optional.of(Reply.of("setting-unknown", "settings",
                    String.join(", ", Setting.configurable().stream().map(Setting::key).toList())));
        }
        String name = setting.get().key();
        if (request.option("value") == null || request.option("value").isBlank()) {
            return Optional.of(Reply.of("setting-value-missing", "setting", name));
        }
        String channel = request.option("channel");
        if (channel != null && !channel.matches("[0-9]{17,20}")) {
            return Optional.of(Reply.of("not-a-channel"));
        }
        if (channel != null && !setting.get().channelMaySet()) {
            return Optional.of(Reply.of("setting-server-wide", "setting", name));
        }
        if (channel == null && !setting.get().serverMaySet()) {
            return Optional.of(Reply.of("setting-per-channel", "setting", name));
        }
        return Optional.empty();
    }

    static Optional<URI> asUrl(String query) {
        if (query == null || !looksLikeUrl(query)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(query.trim()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * A link has {@code scheme://}; {@code isrc:…}, {@code sc:…} or {@code spotify:track:…} are
     * searches and URIs the playback node reads, never fetched, so they are not refused as schemes.
     */
    private static boolean looksLikeUrl(String query) {
        return query.trim().matches("(?i)[a-z][a-z0-9+.-]*://.*") && !query.trim().contains(" ");
    }

    private static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.matches("[0-9.]+");
    }

    private static Optional<Reply> integerBetween(String value, long min, long max, String option) {
        try {
            long number = Long.parseLong(String.valueOf(value));
            return number >= min && number <= max ? Optional.empty() : Optional.of(Reply.of("whole-number", "option", option, "min", min, "max", max));
        } catch (NumberFormatException e) {
            return Optional.of(Reply.of("whole-number", "option", option, "min", min, "max", max));
        }
    }
}
