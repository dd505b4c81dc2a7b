package dev.riff.devkit.discord;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The voice servers' side of VOICE_SERVER_UPDATE: each join gets a fresh token the voice gateway will
 * accept together with the session id from VOICE_STATE_UPDATE.
 */
public final class VoiceServers {

    /** What a voice connection must present: the guild, the user and voice session, and the channel. */
    public record Grant(String token, String guildId, String userId, String sessionId, String channelId) {
    }

    private final Map<String, Grant> grantsByToken = new ConcurrentHashMap<>();
    private volatile String endpoint;

    VoiceServers(String endpoint) {
        this.endpoint = endpoint;
    }

    public String endpoint() {
        return endpoint;
    }

    void endpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    String tokenFor(String guildId, String userId, String sessionId, String channelId) {
        String token = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        grantsByToken.put(token, new Grant(token, guildId, userId, sessionId, channelId));
        return token;
    }

    public Optional<Grant> grant(String token) {
        return Optional.ofNullable(grantsByToken.get(token));
    }
}
