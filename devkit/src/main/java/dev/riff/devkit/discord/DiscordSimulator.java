package dev.riff.devkit.discord;

import dev.riff.devkit.FleetException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A Discord stand-in that follows Discord's developer documentation closely enough for real
 * clients (JDA) to run against it unmodified: REST v10 under {@code /api/v10}, gateway v10 on the
 * WebSocket URL {@code /gateway/bot} returns, and a control API under {@code /control} for setting
 * up guilds and members and for playing a Discord user (see {@link ControlApi}).
 */
public final class DiscordSimulator implements AutoCloseable {

    /** The bot token and application id the local fleet uses when no DISCORD_TOKEN is given. */
    public static final String DEFAULT_TOKEN = "simulated-bot-token";
    public static final String DEFAULT_APPLICATION_ID = "1100000000000000001";

    /**
     * The application's SKUs, seeded with fixed ids so the fleet can map them to plans: three user
     * subscriptions (type 5, AVAILABLE | USER_SUBSCRIPTION) and one guild subscription (AVAILABLE | GUILD_SUBSCRIPTION).
     */
    public static final String SKU_RIFF_BASIC = "1300000000000000001";
    public static final String SKU_RIFF_PREMIUM = "1300000000000000002";
    public static final String SKU_RIFF_ENTERPRISE = "1300000000000000003";
    public static final String SKU_RIFF_SERVER_PREMIUM = "1300000000000000004";

    private final Vertx vertx;
    private final HttpServer server;
    private final DiscordState state;
    private final Interactions interactions;
    private final RestApi rest;
    private final GatewayServer gateway;
    private final Monetization monetization;
    private final VoiceServers voiceServers;
    private final VoiceServer voiceServer;
    private final KeyPair interactionsKey;
    private final DevCertificateAuthority tls;
    private final int port;

    private DiscordSimulator(int port, String token, String applicationId, Duration heartbeatInterval, DevCertificateAuthority tls) {
        this.tls = tls;
        this.interactionsKey = ed25519();
        this.state = new DiscordState(applicationId, "Riff", token,
                HexFormat.of().formatHex(rawPublicKey(interactionsKey)));
        this.vertx = Vertx.vertx();
        this.interactions = new Interactions(state);
        this.voiceServers = new VoiceServers("127.0.0.1:0");
        try {
            this.voiceServer = new VoiceServer(vertx, voiceServers, Duration.ofMillis(13_750), tls, state.botUser().id());
        } catch (Exception e) {
            vertx.close();
            throw new FleetException("the simulated voice server cannot start: " + e.getMessage(), e);
        }
        this.gateway = new GatewayServer(vertx, state, heartbeatInterval, voiceServers);
        this.monetization = new Monetization(state, gateway);
        this.rest = new RestApi(state, interactions, monetization);
        Router router = Router.router(vertx);
        rest.mount(router);
        new ControlApi(this).mount(router);
        try {
            this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                            .setMaxWebSocketFrameSize(1 << 20).setMaxWebSocketMessageSize(4 << 20))
                    .requestHandler(WebSocketUpgrades.upgradeOr(gateway::accept, router))
                    .listen()
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new FleetException("the Discord simulator cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        this.port = server.actualPort();
        String gatewayUrl = "ws://127.0.0.1:" + this.port;
        rest.gatewayUrl(gatewayUrl);
        gateway.resumeUrl(gatewayUrl);
        voiceServers.endpoint(voiceServer.endpoint());
    }

    /** Starts on the given port (0: any free port) with the default token and application id, and a throwaway CA. */
    public static DiscordSimulator start(int port) {
        return start(port, DevCertificateAuthority.ephemeral());
    }

    /** Starts with the development CA whose certificate the fleet's voice clients trust. */
    public static DiscordSimulator start(int port, DevCertificateAuthority tls) {
        return new DiscordSimulator(port, DEFAULT_TOKEN, DEFAULT_APPLICATION_ID, Duration.ofMillis(41_250), tls);
    }

    public static DiscordSimulator start(int port, String token, String applicationId, Duration heartbeatInterval) {
        return new DiscordSimulator(port, token, applicationId, heartbeatInterval, DevCertificateAuthority.ephemeral());
    }

    /** The CA certificate (PEM) a voice client must trust to reach this simulator's voice gateways (wss). */
    public java.nio.file.Path voiceTrustedCa() {
        return tls.caPem();
    }

    /** A client for this simulator's voice gateways: the JDK's authorities plus the development CA, as the fleet configures it. */
    public java.net.http.HttpClient voiceGatewayClient() {
        return dev.riff.voice.VoiceTls.client(java.util.Optional.of(voiceTrustedCa()));
    }

    /** What VOICE_STATE_UPDATE and VOICE_SERVER_UPDATE would tell a voice client holding this grant. */
    public dev.riff.voice.VoiceConnection.Session voiceSession(VoiceServers.Grant grant) {
        return new dev.riff.voice.VoiceConnection.Session(grant.guildId(), grant.channelId(), grant.userId(), grant.sessionId(),
                voiceServers.endpoint(), grant.token());
    }

    public int port() {
        return port;
    }

    /** The REST base URL clients configure (JDA: {@code RestConfig#setBaseUrl}). */
    public String apiBaseUrl() {
        return "http://127.0.0.1:" + port + "/api/v10/";
    }

    public String gatewayUrl() {
        return "ws://127.0.0.1:" + port;
    }

    public DiscordState state() {
        return state;
    }

    public Interactions interactions() {
        return interactions;
    }

    public RestApi rest() {
        return rest;
    }

    public GatewayServer gateway() {
        return gateway;
    }

    public VoiceServers voiceServers() {
        return voiceServers;
    }

    /** The simulated voice servers: what the bot played in each guild's call. */
    public VoiceServer voice() {
        return voiceServer;
    }

    /**
     * The bot joins a voice channel as if its op 4 had been answered: the voice state and voice
     * server updates it would receive, as a playback node gets them.
     */
    public VoiceServers.Grant joinVoiceAsBot(String guildId, String channelId) {
        String sessionId = Snowflakes.next();
        state.setVoiceState(new DiscordState.VoiceState(guildId, channelId, state.botUser().id(), sessionId, false, false));
        String token = voiceServers.tokenFor(guildId, state.botUser().id(), sessionId, channelId);
        return voiceServers.grant(token).orElseThrow();
    }

    /**
     * What Discord gives a member's own client to join the voice call of the channel it sits in
     * (VOICE_SERVER_UPDATE's token and endpoint with its voice session): so an independent voice
     * client can be a member of a call.
     */
    public VoiceServers.Grant joinVoiceAsMember(String guildId, String userId) {
        DiscordState.VoiceState voice = state.guild(guildId).voiceStates.get(userId);
        if (voice == null || voice.channelId() == null) {
            throw new IllegalArgumentException("user " + userId + " is not in a voice channel of guild " + guildId);
        }
        String token = voiceServers.tokenFor(guildId, userId, voice.sessionId(), voice.channelId());
        return voiceServers.grant(token).orElseThrow();
    }

    /** A new guild with the bot in it (GUILD_CREATE to the bot if it is connected). */
    public DiscordState.Guild addGuild(String name, String ownerName) {
        DiscordState.Guild guild = state.createGuild(name, state.createUser(ownerName));
        gateway.dispatchToGuild(guild.id, "GUILD_CREATE", DiscordJson.guildCreate(guild));
        return guild;
    }

    /** A new text channel in the guild (CHANNEL_CREATE). */
    public DiscordState.Channel addTextChannel(String guildId, String name) {
        DiscordState.Channel channel = state.addChannel(guildId, name, DiscordState.ChannelType.TEXT);
        gateway.dispatchToGuild(guildId, "CHANNEL_CREATE", DiscordJson.channel(channel));
        return channel;
    }

    /** A new member of the guild with the given roles (GUILD_MEMBER_ADD). */
    public DiscordState.User addMember(String guildId, String username, java.util.List<String> roleIds) {
        DiscordState.User user = state.createUser(username);
        DiscordState.Member member = state.addMember(guildId, user, roleIds);
        com.fasterxml.jackson.databind.node.ObjectNode add = DiscordJson.member(state.guild(guildId), member, true);
        add.put("guild_id", guildId);
        gateway.dispatchToGuild(guildId, "GUILD_MEMBER_ADD", add);
        return user;
    }

    /** The community's language changes (GUILD_UPDATE with its preferred_locale); interactions then carry it as guild_locale. */
    public void setPreferredLocale(String guildId, String locale) {
        DiscordState.Guild guild = state.guild(guildId);
        guild.preferredLocale = locale;
        gateway.dispatchToGuild(guildId, "GUILD_UPDATE", DiscordJson.guildCreate(guild));
    }

    /** A new role (GUILD_ROLE_CREATE). */
    public DiscordState.Role addRole(String guildId, String name, long permissions) {
        DiscordState.Role role = state.addRole(guildId, name, permissions);
        com.fasterxml.jackson.databind.node.ObjectNode create = DiscordJson.MAPPER.createObjectNode().put("guild_id", guildId);
        create.set("role", DiscordJson.role(role));
        gateway.dispatchToGuild(guildId, "GUILD_ROLE_CREATE", create);
        return role;
    }

    /** A member joins (or, with a null channel, leaves) a voice channel (VOICE_STATE_UPDATE). */
    public void moveToVoice(String guildId, String userId, String channelId) {
        DiscordState.VoiceState voice = new DiscordState.VoiceState(guildId, channelId, userId, Snowflakes.next(), false, false);
        state.setVoiceState(voice);
        gateway.dispatchToGuild(guildId, "VOICE_STATE_UPDATE", DiscordJson.voiceState(state.guild(guildId), voice));
    }

    // --- Premium apps: what Discord's store does to entitlements ----------------------------------
    // Each change is dispatched once, on shard 0 (see GatewayServer#dispatchToApplication).

    /**
     * A subscription purchase: an entitlement of type 8 (APPLICATION_SUBSCRIPTION) starting now
     * (ENTITLEMENT_CREATE). A user subscription needs {@code userId}; a guild subscription needs
     * {@code guildId}, with the buying member as {@code userId} if given. {@code endsAt} may be null
     * (no end yet, as Discord leaves a running subscription).
     */
    public com.fasterxml.jackson.databind.JsonNode grantEntitlement(String skuId, String userId, String guildId, java.time.Instant endsAt) {
        return monetization.grant(skuId, userId, guildId, endsAt);
    }

    /** The subscription renews to {@code newEndsAt} (ENTITLEMENT_UPDATE). Unknown ids throw NoSuchElementException. */
    public com.fasterxml.jackson.databind.JsonNode renewEntitlement(String entitlementId, java.time.Instant newEndsAt) {
        return monetization.renew(entitlementId, newEndsAt);
    }

    /** The subscriber cancels: access lasts until the current ends_at, which stays (ENTITLEMENT_UPDATE). */
    public com.fasterxml.jackson.databind.JsonNode cancelEntitlement(String entitlementId) {
        return monetization.cancel(entitlementId);
    }

    /** A refund: the entitlement is deleted, deleted=true (ENTITLEMENT_DELETE). */
    public com.fasterxml.jackson.databind.JsonNode deleteEntitlement(String entitlementId) {
        return monetization.delete(entitlementId);
    }

    /** Every entitlement as Discord's entitlement object, deleted and ended ones included, oldest first. */
    public java.util.List<com.fasterxml.jackson.databind.JsonNode> entitlements() {
        return monetization.entitlements();
    }

    /** The application's SKUs as List SKUs returns them. */
    public java.util.List<com.fasterxml.jackson.databind.JsonNode> skus() {
        return monetization.skus();
    }

    /** Delivers the interaction to the bot over the gateway, as Discord does when a member acts. */
    public boolean deliver(Interactions.Interaction interaction) {
        return gateway.dispatchToGuild(interaction.guildId, "INTERACTION_CREATE", interaction.payload);
    }

    /** Discord's side of HTTP interactions, signing with the application's key. */
    public HttpInteractionSender httpInteractions() {
        return new HttpInteractionSender(interactions, interactionsKey.getPrivate());
    }

    /** The application's Ed25519 key pair for HTTP interactions: Discord signs with the private key. */
    public KeyPair interactionsKey() {
        return interactionsKey;
    }

    @Override
    public void close() {
        try {
            voiceServer.close();
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
        vertx.close();
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    /** The 32-byte public key, as Discord shows it in the developer portal (hex). */
    static byte[] rawPublicKey(KeyPair keyPair) {
        byte[] encoded = keyPair.getPublic().getEncoded();
        byte[] raw = new byte[32];
        System.arraycopy(encoded, encoded.length - 32, raw, 0, 32);
        return raw;
    }
}
