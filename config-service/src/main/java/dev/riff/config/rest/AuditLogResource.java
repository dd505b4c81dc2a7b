package dev.riff.config.rest;

import dev.riff.support.rest.Snowflake;


import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.config.service.AuditTrail;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.support.auth.RequiresScope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/guilds/{guildId}/audit-log")
@Produces(MediaType.APPLICATION_JSON)
public class AuditLogResource {

    public record AuditView(String userId, String action, JsonNode changes, Instant at) {
    }

    private final AuditTrail audit;

    AuditLogResource(AuditTrail audit) {
        this.audit = audit;
    }

    @RequiresScope("config:read")
    @GET
    @Operation(summary = "The guild's configuration changes, newest first: who, what, old and new values, when")
    public Uni<List<AuditView>> recent(@PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @QueryParam("limit") @DefaultValue("50") @Min(value = 1, message = "must be at least 1") @Max(value = 500, message = "must be at most 500") int limit) {
        return Panache.withSession(() -> audit.recent(guildId, limit)).map(entries -> entries.stream()
                .map(e -> new AuditView(e.userId, e.action, parse(e.details), e.createdAt)).toList());
    }

    private static JsonNode parse(String json) {
        try {
            return CloudEventCodec.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("audit details are not JSON", e);
        }
    }
}
