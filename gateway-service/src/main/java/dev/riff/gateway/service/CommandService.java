package dev.riff.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import dev.riff.support.reactive.OnVertxContext;
import dev.riff.contracts.PlaybackCommand;
import dev.riff.gateway.client.ConfigServiceClient;
import dev.riff.gateway.domain.CommandCatalog;
import dev.riff.gateway.domain.CommandRequest;
import dev.riff.gateway.domain.EffectiveConfiguration;
import dev.riff.support.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * A command's way through the gateway: {@link #admit} decides quickly (well within Discord's 3 s)
 * whether to take it on; {@link #execute} then carries it out: playback commands go to the guild's
 * ordered command stream through the outbox, and the playback node's result edits the reply later;
 * {@code /config} and {@code /premium} are answered here.
 */
@ApplicationScoped
public class CommandService {

    private static final Logger LOG = Logger.getLogger(CommandService.class);

    private final InputValidator validator;
    private final RateLimiter rateLimiter;
    private final InteractionRegistry registry;
    private final ConfigurationCache configurations;
    private final ConfigServiceClient configService;
    private final Outbox outbox;
    private final OnVertxContext vertx;

    CommandService(InputValidator validator, RateLimiter rateLimiter, InteractionRegistry registry,
            ConfigurationCache configurations, @RestClient ConfigServiceClient configService, Outbox outbox, OnVertxContext vertx) {
        this.validator = validator;
        this.rateLimiter = rateLimiter;
        this.registry = registry;
        this.configurations = configurations;
        this.configService = configService;
        this.outbox = outbox;
        this.vertx = vertx;
    }

    public Uni<Admission> admit(CommandRequest request) {
        Optional<String> invalid = validator.check(request);
        if (invalid.isPresent()) {
            return Uni.createFrom().item(new Admission.Rejected(invalid.get()));
        }
        return registry.claim(request.interactionId(), request.interactionToken(), acknowledgementOf(request, false))
                .chain(first -> !first ? Uni.createFrom().item((Admission) new Admission.Duplicate())
                        : rateLimiter.tryAcquire(request.userId(), request.guildId()).chain(allowed -> !allowed
                                ? Uni.createFrom().item(new Admission.Rejected("You're going too fast. Try again in a few seconds."))
                                : configurations.get(request.guildId(), request.channelId())
                                        .map(configuration -> authorize(request, configuration)
                                                .<Admission>map(Admission.Rejected::new)
                                                .orElseGet(() -> new Admission.Accepted(configuration.ephemeralMessages(), configuration)))
                                        .onFailure().recoverWithItem(failure -> {
                                            LOG.warnf("No configuration for guild %s: %s", request.guildId(), failure.toString());
                                            return new Admission.Rejected("I can't read this server's settings right now. Try again in a moment.");
                                        })))
                .call(admission -> admission instanceof Admission.Accepted accepted && accepted.ephemeral() && !request.fromButton()
                        ? registry.acknowledged(request.interactionId(), request.interactionToken(), acknowledgementOf(request, true))
                        : Uni.createFrom().voidItem());
    }

    public static InteractionRegistry.Acknowledgement acknowledgementOf(CommandRequest request, boolean ephemeral) {
        if (request.fromButton()) {
            return InteractionRegistry.Acknowledgement.COMPONENT;
        }
        return ephemeral ? InteractionRegistry.Acknowledgement.EPHEMERAL : InteractionRegistry.Acknowledgement.PUBLIC;
    }

    /** The configured rules, in the order a member would want to hear about them. */
    static Optional<String> authorize(CommandRequest request, EffectiveConfiguration configuration) {
        String command = request.command();
        if (command.equals("config") && !request.canManageServer()) {
            return Optional.of("You need the Manage Server permission to use /config.");
        }
        if (CommandCatalog.GATEWAY_COMMANDS.contains(command)) {
            return Optional.empty();
        }
        if (!configuration.musicEnabled()) {
            return Optional.of("Music commands are turned off in this channel.");
        }
        if (CommandCatalog.VOICE_COMMANDS.contains(command)) {
            if (request.voiceChannelId() == null) {
                return Optional.of("Join a voice channel first.");
            }
            if (request.botVoiceChannelId() != null && !request.botVoiceChannelId().equals(request.voiceChannelId())) {
                return Optional.of("I'm playing in <#" + request.botVoiceChannelId() + ">; join that channel to control the music.");
            }
        }
        if (configuration.djOnlyMode() && CommandCatalog.DJ_COMMANDS.contains(command) && !isDj(request, configuration)) {
            return Optional.of("Only DJs can use /" + command + " in this server.");
        }
        if (command.equals("voteskip") && !configuration.voteSkipEnabled()) {
            return Optional.of("Vote-skip is turned off in this server.");
        }
        return Optional.empty();
    }

    private static boolean isDj(CommandRequest request, EffectiveConfiguration configuration) {
        String djRole = configuration.djRoleId();
        return request.canManageServer() || (djRole != null && request.memberRoleIds().contains(djRole));
    }

    public Uni<Void> execute(CommandRequest request, Admission.Accepted admission, Replies replies) {
        Uni<Void> work = switch (request.command()) {
            case "config" -> configCommand(request, replies);
            case "premium" -> replies.edit(ReplyRenderer.text(premiumStatus(admission.configuration())));
            case "play" -> validator.checkDestination(request.option("query")).chain(refused -> refused.isPresent()
                    ? replies.failPrivately(refused.get())
                    : publish(request, admission.configuration()));
            default -> publish(request, admission.configuration());
        };
        return work.onFailure().recoverWithUni(failure -> {
            LOG.errorf(failure, "Command /%s in guild %s failed", request.command(), request.guildId());
            return replies.failPrivately("Something went wrong on my side. Please try again.");
        });
    }

    private Uni<Void> publish(CommandRequest request, EffectiveConfiguration configuration) {
        Map<String, Object> limits = new LinkedHashMap<>();
        for (String name : List.of("volumeLimit", "maxQueueSize", "maxSongDuration", "voteSkipThreshold", "autoplayEnabled",
                "autoplayMode", "autoplayQueueSize", "maxAudioQuality", "spotifyEnabled", "appleMusicEnabled", "deezerEnabled",
                "lyricsEnabled", "persistentConnection")) {
            if (configuration.values().containsKey(name)) {
                limits.put(name, configuration.values().get(name));
            }
        }
        PlaybackCommand command = new PlaybackCommand(request.interactionId(), request.guildId(), request.channelId(),
                request.userId(), request.voiceChannelId(), request.command(), request.options(), request.listeners(), limits,
                Instant.now());
        return vertx.run(() -> Panache.withTransaction(() ->
                outbox.publish(EventTypes.PLAYBACK_COMMAND, request.guildId(), request.guildId(), command))).replaceWithVoid();
    }

    private Uni<Void> configCommand(CommandRequest request, Replies replies) {
        String channel = request.option("channel");
        if (!"set".equals(request.subcommand())) {
            if (channel != null) {
                return configService.effective(request.guildId(), channel).chain(effective ->
                        replies.edit(ReplyRenderer.text(describe(CloudEventCodec.mapper().valueToTree(effective.values()), "<#" + channel + ">"))));
            }
            return configService.serverConfiguration(request.guildId())
                    .chain(configuration -> replies.edit(ReplyRenderer.text(describe(configuration, "this server"))));
        }
        String setting = request.option("setting");
        Map<String, Object> patch = Map.of(setting, typed(request.option("value")));
        Uni<JsonNode> change = channel == null
                ? configService.changeServerConfiguration(request.guildId(), request.userId(), patch)
                : configService.changeChannelConfiguration(request.guildId(), channel, request.userId(), patch);
        String where = channel == null ? "" : " in <#" + channel + ">";
        return change
                .chain(changed -> replies.edit(ReplyRenderer.text("Set " + setting + " to " + changed.path(setting).asText() + where + ".")))
                .onFailure(WebApplicationException.class).recoverWithUni(failure -> {
                    JsonNode problem = ((WebApplicationException) failure).getResponse().readEntity(JsonNode.class);
                    String reason = problem == null ? "that value is not allowed" : problem.path("errors").path(0).path("reason").asText(problem.path("detail").asText());
                    return replies.failPrivately("I can't set " + setting + ": " + reason + ".");
                });
    }

    /** "true"/"false" and numbers are sent as JSON booleans and numbers; everything else as text. */
    static Object typed(String value) {
        String trimmed = value.trim();
        if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(trimmed);
        }
        if (trimmed.matches("-?[0-9]{1,9}")) {
            return Integer.parseInt(trimmed);
        }
        if (trimmed.matches("-?[0-9]*\\.[0-9]+")) {
            return Double.parseDouble(trimmed);
        }
        return trimmed;
    }

    private static String describe(JsonNode configuration, String where) {
        StringBuilder text = new StringBuilder("**Settings for " + where + "**\n");
        for (String name : CommandCatalog.CONFIGURABLE) {
            if (!configuration.has(name)) {
                continue;
            }
            text.append("• ").append(name).append(": ").append(configuration.path(name).isNull() ? "not set" : configuration.path(name).asText()).append('\n');
        }
        return text.toString().strip();
    }

    private static String premiumStatus(EffectiveConfiguration configuration) {
        String tier = Optional.ofNullable(configuration.text("subscriptionTier")).orElse("free");
        return tier.equals("free") ? "This server is on the free tier." : "This server has **" + tier + "** premium.";
    }
}
