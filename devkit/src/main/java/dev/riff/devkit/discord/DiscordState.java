package dev.riff.devkit.discord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The simulated Discord world: the bot's application, guilds with channels, roles and members, voice
 * states, channel messages, registered commands, and the application's premium offerings (SKUs) with
 * the entitlements users and guilds hold to them. Tests and the control API set it up.
 */
public final class DiscordState {

    /** Permission bits used here (Discord's values). */
    public static final long ADMINISTRATOR = 1L << 3;
    public static final long MANAGE_GUILD = 1L << 5;
    public static final long VIEW_CHANNEL = 1L << 10;
    public static final long SEND_MESSAGES = 1L << 11;
    public static final long CONNECT = 1L << 20;
    public static final long SPEAK = 1L << 21;
    public static final long USE_APPLICATION_COMMANDS = 1L << 31;
    public static final long EVERYONE_DEFAULT = VIEW_CHANNEL | SEND_MESSAGES | CONNECT | SPEAK | USE_APPLICATION_COMMANDS;

    public record User(String id, String username, boolean bot) {
    }

    public record Role(String id, String name, long permissions, int position) {
    }

    public enum ChannelType {
        TEXT(0), VOICE(2), CATEGORY(4);

        public final int code;

        ChannelType(int code) {
            this.code = code;
        }
    }

    public record Channel(String id, String guildId, String name, ChannelType type, int position) {
    }

    public record Member(User user, List<String> roleIds) {
    }

    public record VoiceState(String guildId, String channelId, String userId, String sessionId, boolean selfMute, boolean selfDeaf) {
    }

    public static final class Guild {
        public final String id;
        public final String name;
        public final String ownerId;
        public final Map<String, Role> roles = new ConcurrentHashMap<>();
        public final Map<String, Channel> channels = new ConcurrentHashMap<>();
        public final Map<String, Member> members = new ConcurrentHashMap<>();
        /** By user id. */
        public final Map<String, VoiceState> voiceStates = new ConcurrentHashMap<>();
        /** The community's language (Discord's preferred_locale), which interactions carry as guild_locale. */
        public volatile String preferredLocale = "en-US";

        Guild(String id, String name, String ownerId) {
            this.id = id;
            this.name = name;
            this.ownerId = ownerId;
        }

        /** The @everyone role has the guild's id. */
        public Role everyone() {
            return roles.get(id);
        }

        /** Guild-level permissions of a member: @everyone plus each role; owners and administrators get all. */
        public long permissionsOf(String userId) {
            if (userId.equals(ownerId)) {
                return ~0L >>> 1;
            }
            Member member = members.get(userId);
            long permissions = everyone().permissions();
            if (member != null) {
                for (String roleId : member.roleIds()) {
                    Role role = roles.get(roleId);
                    if (role != null) {
                        permissions |= role.permissions();
                    }
                }
            }
            return (permissions & ADMINISTRATOR) != 0 ? ~0L >>> 1 : permissions;
        }
    }

    public record Message(String id, String channelId, String authorId, Map<String, Object> body, String interactionId) {
    }

    /** SKU types (Discord's values). */
    public static final int SKU_DURABLE = 2, SKU_CONSUMABLE = 3, SKU_SUBSCRIPTION = 5, SKU_SUBSCRIPTION_GROUP = 6;
    /** SKU flags (Discord's values). */
    public static final int SKU_AVAILABLE = 1 << 2, SKU_GUILD_SUBSCRIPTION = 1 << 7, SKU_USER_SUBSCRIPTION = 1 << 8;
    /** Entitlement types used here (Discord's values). */
    public static final int ENTITLEMENT_TEST_MODE_PURCHASE = 4, ENTITLEMENT_APPLICATION_SUBSCRIPTION = 8;

    /** A premium offering of the application (Discord's SKU object). */
    public record Sku(String id, int type, String name, String slug, int flags) {
        public boolean guildSubscription() {
            return (flags & SKU_GUILD_SUBSCRIPTION) != 0;
        }
    }

    /**
     * A user's or guild's access to a SKU (Discord's entitlement object). For a guild subscription
     * {@code userId} is the member who bought it; test entitlements have neither start nor end.
     */
    public record Entitlement(String id, String skuId, String userId, String guildId, int type, boolean deleted,
            Instant startsAt, Instant endsAt, boolean consumed) {

        /** Ended: its end has passed. Discord keeps ended entitlements; only refunds delete them. */
        public boolean endedAt(Instant now) {
            return endsAt != null && !endsAt.isAfter(now);
        }

        /** Grants access now: not deleted, started, not ended, not used up. */
        public boolean activeAt(Instant now) {
            return !deleted && !consumed && (startsAt == null || !startsAt.isAfter(now)) && !endedAt(now);
        }

        Entitlement withEndsAt(Instant newEndsAt) {
            return new Entitlement(id, skuId, userId, guildId, type, deleted, startsAt, newEndsAt, consumed);
        }

        Entitlement asDeleted() {
            return new Entitlement(id, skuId, userId, guildId, type, true, startsAt, endsAt, consumed);
        }

        Entitlement asConsumed() {
            return new Entitlement(id, skuId, userId, guildId, type, deleted, startsAt, endsAt, true);
        }
    }

    private final String applicationId;
    private final User botUser;
    private final String botToken;
    private final String publicKeyHex;
    private final Map<String, Guild> guilds = new ConcurrentHashMap<>();
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, List<Message>> messagesByChannel = new ConcurrentHashMap<>();
    private volatile List<Map<String, Object>> globalCommands = List.of();
    private final Map<String, List<Map<String, Object>>> guildCommands = new ConcurrentHashMap<>();
    /** In the order the developer portal lists them. */
    private final Map<String, Sku> skus = new LinkedHashMap<>();
    /** By numeric id, so pagination by before/after walks them in snowflake order. */
    private final ConcurrentSkipListMap<Long, Entitlement> entitlements = new ConcurrentSkipListMap<>();

    public DiscordState(String applicationId, String botUsername, String botToken, String publicKeyHex) {
        this.applicationId = applicationId;
        this.botUser = new User(applicationId, botUsername, true);
        this.botToken = botToken;
        this.publicKeyHex = publicKeyHex;
        users.put(botUser.id(), botUser);
        // Fixed ids, so the fleet's configuration can map each SKU to a plan before the simulator starts.
        int userSubscription = SKU_AVAILABLE | SKU_USER_SUBSCRIPTION;
        addSku(new Sku(DiscordSimulator.SKU_RIFF_BASIC, SKU_SUBSCRIPTION, "Riff Basic", "riff-basic", userSubscription));
        addSku(new Sku(DiscordSimulator.SKU_RIFF_PREMIUM, SKU_SUBSCRIPTION, "Riff Premium", "riff-premium", userSubscription));
        addSku(new Sku(DiscordSimulator.SKU_RIFF_ENTERPRISE, SKU_SUBSCRIPTION, "Riff Enterprise", "riff-enterprise", userSubscription));
        addSku(new Sku(DiscordSimulator.SKU_RIFF_SERVER_PREMIUM, SKU_SUBSCRIPTION, "Riff Server Premium", "riff-server-premium",
                SKU_AVAILABLE | SKU_GUILD_SUBSCRIPTION));
    }

    public String applicationId() {
        return applicationId;
    }

    public User botUser() {
        return botUser;
    }

    public String botToken() {
        return botToken;
    }

    public String publicKeyHex() {
        return publicKeyHex;
    }

    public User createUser(String username) {
        User user = new User(Snowflakes.next(), username, false);
        users.put(user.id(), user);
        return user;
    }

    public Optional<User> user(String id) {
        return Optional.ofNullable(users.get(id));
    }

    /** A guild with an @everyone role, the bot as a member, a text channel "general" and a voice channel "Music". */
    public Guild createGuild(String name, User owner) {
        Guild guild = new Guild(Snowflakes.next(), name, owner.id());
        guild.roles.put(guild.id, new Role(guild.id, "@everyone", EVERYONE_DEFAULT, 0));
        guild.members.put(owner.id(), new Member(owner, List.of()));
        guild.members.put(botUser.id(), new Member(botUser, List.of()));
        guilds.put(guild.id, guild);
        addChannel(guild.id, "general", ChannelType.TEXT);
        addChannel(guild.id, "Music", ChannelType.VOICE);
        return guild;
    }

    public Guild guild(String id) {
        Guild guild = guilds.get(id);
        if (guild == null) {
            throw new IllegalArgumentException("unknown guild " + id);
        }
        return guild;
    }

    public Optional<Guild> findGuild(String id) {
        return Optional.ofNullable(guilds.get(id));
    }

    public List<Guild> guilds() {
        return new ArrayList<>(guilds.values());
    }

    public Channel addChannel(String guildId, String name, ChannelType type) {
        Guild guild = guild(guildId);
        Channel channel = new Channel(Snowflakes.next(), guildId, name, type, guild.channels.size());
        guild.channels.put(channel.id(), channel);
        return channel;
    }

    public Optional<Channel> channel(String channelId) {
        return guilds.values().stream().map(g -> g.channels.get(channelId)).filter(c -> c != null).findFirst();
    }

    public Channel channelNamed(String guildId, String name) {
        return guild(guildId).channels.values().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no channel " + name + " in guild " + guildId));
    }

    public Role addRole(String guildId, String name, long permissions) {
        Guild guild = guild(guildId);
        Role role = new Role(Snowflakes.next(), name, permissions, guild.roles.size());
        guild.roles.put(role.id(), role);
        return role;
    }

    public Member addMember(String guildId, User user, List<String> roleIds) {
        Member member = new Member(user, List.copyOf(roleIds));
        guild(guildId).members.put(user.id(), member);
        return member;
    }

    public void setVoiceState(VoiceState state) {
        Guild guild = guild(state.guildId());
        if (state.channelId() == null) {
            guild.voiceStates.remove(state.userId());
        } else {
            guild.voiceStates.put(state.userId(), state);
        }
    }

    public Message addMessage(String channelId, String authorId, Map<String, Object> body, String interactionId) {
        Message message = new Message(Snowflakes.next(), channelId, authorId, body, interactionId);
        messagesByChannel.computeIfAbsent(channelId, id -> new CopyOnWriteArrayList<>()).add(message);
        return message;
    }

    public Message replaceMessage(Message old, Map<String, Object> body) {
        Message updated = new Message(old.id(), old.channelId(), old.authorId(), body, old.interactionId());
        List<Message> messages = messagesByChannel.get(old.channelId());
        messages.replaceAll(m -> m.id().equals(old.id()) ? updated : m);
        return updated;
    }

    public void deleteMessage(Message message) {
        List<Message> messages = messagesByChannel.get(message.channelId());
        if (messages != null) {
            messages.removeIf(m -> m.id().equals(message.id()));
        }
    }

    public List<Message> messages(String channelId) {
        return List.copyOf(messagesByChannel.getOrDefault(channelId, List.of()));
    }

    public Optional<Message> message(String channelId, String messageId) {
        return messages(channelId).stream().filter(m -> m.id().equals(messageId)).findFirst();
    }

    public List<Map<String, Object>> globalCommands() {
        return globalCommands;
    }

    public void setGlobalCommands(List<Map<String, Object>> commands) {
        this.globalCommands = List.copyOf(commands);
    }

    public List<Map<String, Object>> guildCommands(String guildId) {
        return guildCommands.getOrDefault(guildId, List.of());
    }

    public void setGuildCommands(String guildId, List<Map<String, Object>> commands) {
        guildCommands.put(guildId, List.copyOf(commands));
    }

    // --- Monetization: SKUs and entitlements ----------------------------------------------------

    public synchronized void addSku(Sku sku) {
        skus.put(sku.id(), sku);
    }

    public synchronized List<Sku> skus() {
        return List.copyOf(skus.values());
    }

    public synchronized Optional<Sku> sku(String id) {
        return Optional.ofNullable(skus.get(id));
    }

    public Entitlement addEntitlement(Entitlement entitlement) {
        entitlements.put(Long.parseLong(entitlement.id()), entitlement);
        return entitlement;
    }

    public Optional<Entitlement> entitlement(String id) {
        try {
            return Optional.ofNullable(entitlements.get(Long.parseLong(id)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Applies a change to one entitlement atomically; unknown ids throw NoSuchElementException. */
    public Entitlement updateEntitlement(String id, UnaryOperator<Entitlement> change) {
        long key;
        try {
            key = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NoSuchElementException("unknown entitlement " + id);
        }
        Entitlement updated = entitlements.computeIfPresent(key, (k, old) -> change.apply(old));
        if (updated == null) {
            throw new NoSuchElementException("unknown entitlement " + id);
        }
        return updated;
    }

    /** Every entitlement, deleted and ended ones included, oldest first. */
    public List<Entitlement> entitlements() {
        return List.copyOf(entitlements.values());
    }

    /**
     * The entitlements an interaction carries: those granting access now to the user (user SKUs,
     * wherever bought) or to the guild (guild subscriptions).
     */
    public List<Entitlement> activeEntitlements(String userId, String guildId, Instant now) {
        return entitlements.values().stream()
                .filter(e -> e.activeAt(now))
                .filter(e -> guildScoped(e) ? e.guildId().equals(guildId) : e.userId() != null && e.userId().equals(userId))
                .toList();
    }

    /** A guild's entitlement: to a guild subscription, or a test entitlement whose owner is the guild. */
    private boolean guildScoped(Entitlement e) {
        return e.guildId() != null && (e.userId() == null || sku(e.skuId()).map(Sku::guildSubscription).orElse(false));
    }
}
