package dev.riff.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import dev.riff.support.reactive.OnVertxContext;
import dev.riff.contracts.PlaybackCommand;
import dev.riff.contracts.PlaybackLimits;
import dev.riff.contracts.Setting;
import dev.riff.gateway.client.ConfigServiceClient;
import dev.riff.gateway.client.ConfigurationLookup;
import dev.riff.gateway.domain.CommandCatalog;
import dev.riff.gateway.domain.CommandRequest;
import dev.riff.gateway.domain.ConfigurationView;
import dev.riff.gateway.domain.EffectiveConfiguration;
import dev.riff.gateway.domain.Reply;
import dev.riff.support.messaging.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
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
    /** Replies only the member sees: their own subscription and payment links, webhook secrets. */
    private static final java.util.Set<String> PRIVATE_COMMANDS = java.util.Set.of("premium", "webhooks");

    private final InputValidator validator;
    private final RateLimiter rateLimiter;
    private final InteractionRegistry registry;
    private final ConfigurationCache configurations;
    private final ConfigServiceClient configService;
    private final ConfigurationLookup lookup;
    private final Outbox outbox;
    private final OnVertxContext vertx;
    private final PremiumCommands premium;
    private final WebhookCommands webhooks;

    CommandService(InputValidator validator, RateLimiter rateLimiter, InteractionRegistry registry,
            ConfigurationCache configurations, ConfigurationLookup lookup, @RestClient ConfigServiceClient configService, Outbox outbox, OnVertxContext vertx,
            PremiumCommands premium, WebhookCommands webhooks) {
        this.premium = premium;
        this.webhooks = webhooks;
        this.validator = validator;
        this.rateLimiter = rateLimiter;
        this.registry = registry;
        this.configurations = configurations;
        this.configService = configService;
        this.lookup = lookup;
        this.outbox = outbox;
        this.vertx = vertx;
    }

    public Uni<Admission> admit(CommandRequest request) {
        Locale discordLanguage = Wording.language(null, request.locale());
        Optional<Reply> invalid = validator.check(request);
        if (invalid.isPresent()) {
            return Uni.createFrom().item(new Admission.Rejected(invalid.get(), discordLanguage));
        }
        var claim = new InteractionRegistry.Claim(request.interactionToken(), acknowledgementOf(request, false), request.locale());
        return registry.claim(request.interactionId(), claim)
                .chain(first -> !first ? Uni.createFrom().item((Admission) new Admission.Duplicate())
                        : rateLimiter.tryAcquire(request.userId(), request.guildId()).chain(allowed -> !allowed
                                ? Uni.createFrom().item(new Admission.Rejected(Reply.of("rate-limited"), discordLanguage))
                                : configurations.get(request.guildId(), request.channelId())
                                        .map(configuration -> admission(request, configuration))
                                        .onFailure().recoverWithItem(failure -> {
                                            LOG.warnf("No configuration for guild %s: %s", request.guildId(), failure.toString());
                                            return new Admission.Rejected(Reply.of("config-unavailable"), discordLanguage);
                                        })))
                .call(admission -> admission instanceof Admission.Accepted accepted ? remember(request, accepted, claim) : Uni.createFrom().voidItem());
    }

    private static Admission admission(CommandRequest request, EffectiveConfiguration configuration) {
        Locale language = Wording.language(configuration.configuredLanguage(), request.locale());
        return authorize(request, configuration).<Admission>map(refusal -> new Admission.Rejected(refusal, language))
                .orElseGet(() -> new Admission.Accepted(configuration.ephemeralMessages() || PRIVATE_COMMANDS.contains(request.command()),
                        configuration, language));
    }

    /** Updates the claim when the acknowledgement or the language differ from what was claimed: the later reply needs both. */
    private Uni<Void> remember(CommandRequest request, Admission.Accepted accepted, InteractionRegistry.Claim claimed) {
        var decided = new InteractionRegistry.Claim(request.interactionToken(), acknowledgementOf(request, accepted.ephemeral()),
                accepted.language().toLanguageTag());
        boolean sameLanguage = decided.locale().equals(claimed.locale());
        return decided.acknowledgement() == claimed.acknowledgement() && sameLanguage ? Uni.createFrom().voidItem()
                : registry.acknowledged(request.interactionId(), decided);
    }

    public static InteractionRegistry.Acknowledgement acknowledgementOf(CommandRequest request, boolean ephemeral) {
        if (request.fromButton()) {
            return InteractionRegistry.Acknowledgement.COMPONENT;
        }
        return ephemeral ? InteractionRegistry.Acknowledgement.EPHEMERAL : InteractionRegistry.Acknowledgement.PUBLIC;
    }

    /** The configured rules, in the order a member would want to hear about them. */
    static Optional<Reply> authorize(CommandRequest request, EffectiveConfiguration configuration) {
        String command = request.command();
        if (CommandCatalog.MANAGER_COMMANDS.contains(command) && !request.canManageServer()) {
            return Optional.of(Reply.of("manage-server-required"));
        }
        if (CommandCatalog.GATEWAY_COMMANDS.contains(command)) {
            return Optional.empty();
        }
        if (!configuration.musicEnabled()) {
            return Optional.of(Reply.of("music-off"));
        }
        if (CommandCatalog.VOICE_COMMANDS.contains(command)) {
            if (request.voiceChannelId() == null) {
                return Optional.of(Reply.of("join-voice"));
            }
            if (request.botVoiceChannelId() != null && !request.botVoiceChannelId().equals(request.voiceChannelId())) {
                return Optional.of(Reply.of("wrong-voice", "channel", request.botVoiceChannelId()));
            }
        }
        if (configuration.djOnlyMode() && CommandCatalog.DJ_COMMANDS.contains(command) && !isDj(request, configuration)) {
            return Optional.of(Reply.of("dj-only", "command", command));
        }
        if (command.equals("voteskip") && !configuration.voteSkipEnabled()) {
            return Optional.of(Reply.of("voteskip-off"));
        }
        return Optional.empty();
    }

    private static boolean isDj(CommandRequest request, EffectiveConfiguration configuration) {
        String djRole = configuration.djRoleId();
        return request.canManageServer() || (djRole != null && request.memberRoleIds().contains(djRole));
    }

    public Uni<Void> execute(CommandRequest request, Admission.Accepted admission, Replies replies) {
        Locale language = admission.language();
        Uni<Void> work = switch (request.command()) {
            case "config" -> configCommand(request, replies, language);
            case "premium" -> premium.execute(request, admission.configuration(), replies, language);
            case "webhooks" -> webhooks.execute(request, replies, language);
            case "play" -> validator.checkDestination(request.option("query")).chain(refused -> refused.isPresent()
                    ? replies.failPrivately(Wording.text(language, refused.get()))
                    : publish(request, admission.configuration()));
            default -> publish(request, admission.configuration());
        };
        return work.onFailure().recoverWithUni(failure -> {
            LOG.errorf(failure, "Command /%s in guild %s failed", request.command(), request.guildId());
            return replies.failPrivately(Wording.text(language, Reply.of("internal-error")));
        });
    }

    private Uni<Void> publish(CommandRequest request, EffectiveConfiguration configuration) {
        PlaybackLimits limits = CloudEventCodec.mapper().convertValue(configuration.values(), PlaybackLimits.class);
        PlaybackCommand command = new PlaybackCommand(request.interactionId(), request.guildId(), request.channelId(),
                request.userId(), request.voiceChannelId(), request.command(), request.options(), request.listeners(), limits,
                Instant.now());
        return vertx.transaction(() -> outbox.publish(EventTypes.PLAYBACK_COMMAND, request.guildId(), request.guildId(), command))
                .replaceWithVoid();
    }

    private Uni<Void> configCommand(CommandRequest request, Replies replies, Locale language) {
        String channel = request.option("channel");
        if (!"set".equals(request.subcommand())) {
            if (channel != null) {
                return lookup.effective(request.guildId(), channel).chain(effective -> replies.edit(ReplyRenderer.text(
                        describe(effective::value, Reply.of("config-where-channel", "channel", channel), language))));
            }
            return configService.serverConfiguration(request.guildId()).chain(configuration -> replies.edit(ReplyRenderer.text(
                    describe(setting -> configuration.has(setting) ? configuration.value(setting).orElse(NullNode.instance) : null,
                            Reply.of("config-where-server"), language))));
        }
        Setting setting = Setting.byKey(request.option("setting")).orElseThrow();
        ObjectNode change = CloudEventCodec.mapper().createObjectNode().set(setting.key(), setting.parse(request.option("value")));
        Uni<ConfigurationView> changed = channel == null
                ? configService.changeServerConfiguration(request.guildId(), request.userId(), change)
                : configService.changeChannelConfiguration(request.guildId(), channel, request.userId(), change);
        return changed
                .chain(configuration -> {
                    String value = configuration.value(setting).map(JsonNode::asText).orElse("");
                    return replies.edit(ReplyRenderer.text(Wording.text(language, channel == null
                            ? Reply.of("config-set", "setting", setting.key(), "value", value)
                            : Reply.of("config-set-channel", "setting", setting.key(), "value", value, "channel", channel))));
                })
                .onFailure(WebApplicationException.class).recoverWithUni(failure -> {
                    JsonNode problem = ((WebApplicationException) failure).getResponse().readEntity(JsonNode.class);
                    String reason = problem == null ? Wording.text(language, Reply.of("config-refused-default"))
                            : problem.path("errors").path(0).path("reason").asText(problem.path("detail").asText());
                    return replies.failPrivately(Wording.text(language, Reply.of("config-refused", "setting", setting.key(), "reason", reason)));
                });
    }

    /** Lists the configurable settings with their values; a setting the configuration lacks ({@code null}) is left out. */
    private static String describe(Function<Setting, JsonNode> values, Reply where, Locale language) {
        StringBuilder text = new StringBuilder(Wording.text(language, Reply.of("config-settings", "where", Wording.text(language, where)))).append('\n');
        String notSet = Wording.text(language, Reply.of("config-not-set"));
        for (Setting setting : Setting.configurable()) {
            JsonNode value = values.apply(setting);
            if (value != null) {
                text.append("• ").append(setting.key()).append(": ").append(value.isNull() ? notSet : value.asText()).append('\n');
            }
        }
        return text.toString().strip();
    }
}
