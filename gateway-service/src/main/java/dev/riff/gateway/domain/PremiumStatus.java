package dev.riff.gateway.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/** A user's premium as billing-service reports it; fields the gateway does not show are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PremiumStatus(String plan, String status, String source, Instant expiresAt, Instant graceUntil, Grants grants,
        List<Server> servers, Usage usage) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Grants(int premiumServers, int monthlyPlayMinutes, int monthlyRequests) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Server(String guildId, String status, Instant movableFrom) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Usage(String month, long playMinutes, long requests, List<String> overQuota) {
    }
}
