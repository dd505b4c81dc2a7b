package dev.riff.gateway.client;

import dev.riff.gateway.config.DiscordConfig;
import dev.riff.gateway.domain.CommandCatalog;
import dev.riff.gateway.messaging.EntitlementForwarder;
import dev.riff.gateway.messaging.VoiceUpdatesForwarder;
import dev.riff.gateway.service.SignatureVerifier;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Activity;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.ChunkingFilter;
import net.dv8tion.jda.api.utils.MemberCachePolicy;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import net.dv8tion.jda.api.utils.messages.MessageRequest;
import org.jboss.logging.Logger;

/**
 * The bot's connection to Discord: a JDA ShardManager running this pod's shards, against real
 * Discord with a token or against the Discord simulator without. Logs in on its own thread and
 * keeps trying, so the service starts (and reports not ready) while Discord is unreachable.
 */
@ApplicationScoped
public class DiscordShards {

    private static final Logger LOG = Logger.getLogger(DiscordShards.class);

    private final DiscordConfig config;
    private final IdentifyLock identifyLock;
    private final InteractionListener interactions;
    private final VoiceUpdatesForwarder voiceUpdates;
    private final SignatureVerifier signatures;
    private volatile ShardManager manager;
    private volatile boolean stopping;

    private final EntitlementForwarder entitlements;

    DiscordShards(DiscordConfig config, IdentifyLock identifyLock, InteractionListener interactions, VoiceUpdatesForwarder voiceUpdates,
            SignatureVerifier signatures, EntitlementForwarder entitlements) {
        this.entitlements = entitlements;
        this.signatures = signatures;
        this.config = config;
        this.identifyLock = identifyLock;
        this.interactions = interactions;
        this.voiceUpdates = voiceUpdates;
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            Thread.ofPlatform().name("discord-login").daemon(true).start(this::login);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        ShardManager current = manager;
        if (current != null) {
            current.shutdown();
        }
    }

    private void login() {
        Duration backoff = Duration.ofSeconds(1);
        while (!stopping && manager == null) {
            try {
                if (config.simulated() && !signatures.hasPublicKey()) {
                    signatures.usePublicKey(simulatorPublicKey());
                }
                manager = build();
                LOG.infof("Logging in to %s with %d shard(s)", config.simulated() ? "the Discord simulator at " + config.simulatorUrl() : "Discord",
                        manager.getShardsTotal());
            } catch (RuntimeException e) {
                LOG.warnf("Cannot log in to Discord yet (%s); retrying in %s", e.getMessage(), backoff);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
            }
        }
    }

    private ShardManager build() {
        // Messages the bot creates (replies, follow-ups) ping nobody unless one says otherwise.
        MessageRequest.setDefaultMentions(EnumSet.noneOf(Message.MentionType.class));
        // Interactions and entitlements reach a bot whatever its intents; the gateway needs guilds
        // (always on) and voice states (who is in which channel), nothing else. Discord would stream
        // every message, reaction and typing signal of each server to a bot that ignores them.
        DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.create(config.botToken(), GatewayIntent.GUILD_VOICE_STATES)
                .disableCache(EnumSet.complementOf(EnumSet.of(CacheFlag.VOICE_STATE, CacheFlag.MEMBER_OVERRIDES)))
                .enableCache(CacheFlag.VOICE_STATE)
                .setMemberCachePolicy(MemberCachePolicy.VOICE)
                .setChunkingFilter(ChunkingFilter.NONE)
                .setShardsTotal(config.shardTotal())
                .setSessionController(new RedisSessionController(identifyLock, config.simulated() ? simulatorGateway() : null))
                .setVoiceDispatchInterceptor(voiceUpdates)
                .setActivity(Activity.listening("/play"))
                .addEventListeners(interactions, entitlements, new CommandRegistration());
        config.shardsOfThisPod().ifPresent(builder::setShards);
        if (config.simulated()) {
            builder.setRestConfig(new RestConfig().setBaseUrl(config.simulatorUrl() + "/api/v10/"));
        }
        return builder.build();
    }

    /** Registers the command set once per start, from shard 0 (bulk overwrite is idempotent). */
    private static final class CommandRegistration extends ListenerAdapter {
        @Override
        public void onReady(ReadyEvent event) {
            if (event.getJDA().getShardInfo().getShardId() == 0) {
                event.getJDA().updateCommands().addCommands(CommandCatalog.commands())
                        .queue(commands -> LOG.infof("Registered %d slash commands", commands.size()),
                                failure -> LOG.errorf("Registering slash commands failed: %s", failure.getMessage()));
            }
        }
    }

    /** The simulated application's interactions key, as the developer portal would show it. */
    private String simulatorPublicKey() {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(config.simulatorUrl() + "/api/v10/applications/@me"))
                            .header("Authorization", "Bot " + config.botToken()).timeout(Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("verify_key").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the Discord simulator at " + config.simulatorUrl() + " does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String simulatorGateway() {
        return config.simulatorUrl().replaceFirst("^http", "ws");
    }

    public Optional<ShardManager> manager() {
        return Optional.ofNullable(manager);
    }

    /** Any connected shard: REST calls such as interaction webhooks do not depend on the shard. */
    public Optional<JDA> anyShard() {
        return manager().flatMap(m -> m.getShards().stream().filter(j -> j.getStatus() == JDA.Status.CONNECTED).findFirst()
                .or(() -> m.getShards().stream().findFirst()));
    }

    /** The guild if one of this pod's shards holds it. */
    public Optional<Guild> guild(String guildId) {
        return manager().map(m -> m.getGuildById(guildId));
    }

    /** Shards of this pod that are not connected (all of them before login). */
    public List<String> disconnectedShards() {
        ShardManager current = manager;
        if (current == null) {
            return List.of("all (not logged in)");
        }
        if (current.getShardsQueued() > 0 || current.getShards().isEmpty()) {
            return List.of(current.getShardsQueued() + " shard(s) waiting to connect");
        }
        return current.getShards().stream().filter(j -> j.getStatus() != JDA.Status.CONNECTED)
                .map(j -> j.getShardInfo().getShardString() + " " + j.getStatus()).toList();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
