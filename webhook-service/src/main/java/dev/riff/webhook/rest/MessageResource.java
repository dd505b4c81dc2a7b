package dev.riff.webhook.rest;

import dev.riff.support.rest.Snowflake;
import dev.riff.support.auth.RequiresScope;
import dev.riff.support.rest.InvalidInputException;
import dev.riff.webhook.service.Dispatcher;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** An endpoint's delivery log (every attempt: status, latency, the answer's first bytes) and replays. */
@Path("/api/v1/guilds/{guildId}/webhooks/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    public record Attempt(int attempt, Instant at, Integer status, int latencyMs, String response, String error) {
    }

    public record Message(String id, String type, String status, int attempts, Instant createdAt, Instant nextAttemptAt,
            List<Attempt> log) {
    }

    private final Pool pool;
    private final Dispatcher dispatcher;

    MessageResource(Pool pool, Dispatcher dispatcher) {
        this.pool = pool;
        this.dispatcher = dispatcher;
    }

    @RequiresScope("webhooks:read")
    @GET
    @Path("/messages")
    @Operation(summary = "The endpoint's newest messages, each with its attempts")
    public Uni<List<Message>> messages(@PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @PathParam("id") UUID id, @QueryParam("status") @Pattern(regexp = "pending|delivered|failed|skipped") String status,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return pool.preparedQuery("select m.id, m.event_type, m.status, m.attempts, m.created_at, m.next_attempt_at,"
                        + " a.attempt, a.attempted_at, a.status_code, a.latency_ms, a.response_body, a.error"
                        + " from (select * from webhook_message where subscription_id = $1 and guild_id = $2 and ($3::text is null or status = $3)"
                        + " order by created_at desc limit $4) m left join webhook_attempt a on a.message_id = m.id"
                        + " order by m.created_at desc, m.id, a.attempt")
                .execute(Tuple.of(id, guildId, status, limit)).map(rows -> {
                    Map<String, Message> messages = new LinkedHashMap<>();
                    for (Row row : rows) {
                        Message message = messages.computeIfAbsent(row.getString("id"), key -> new Message(key, row.getString("event_type"),
                                row.getString("status"), row.getInteger("attempts"), instant(row.getOffsetDateTime("created_at")),
                                instant(row.getOffsetDateTime("next_attempt_at")), new ArrayList<>()));
                        if (row.getInteger("attempt") != null) {
                            message.log().add(new Attempt(row.getInteger("attempt"), instant(row.getOffsetDateTime("attempted_at")),
                                    row.getInteger("status_code"), row.getInteger("latency_ms"), row.getString("response_body"), row.getString("error")));
                        }
                    }
                    return List.copyOf(messages.values());
                });
    }

    @RequiresScope("webhooks:write")
    @POST
    @Path("/messages/{messageId}/replay")
    @Operation(summary = "Send one message again (one more attempt, with the same webhook-id)")
    public Uni<Map<String, Integer>> replay(@PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @PathParam("id") UUID id, @PathParam("messageId") @Pattern(regexp = "msg_[0-9a-f]{32}", message = "must be a message id") String messageId) {
        return replayWhere("id = $3 and status <> 'pending'", Tuple.of(id, guildId, messageId)).invoke(replayed -> {
            if (replayed.get("replayed") == 0) {
                throw new NotFoundException("no finished message " + messageId + " for this endpoint");
            }
        });
    }

    @RequiresScope("webhooks:write")
    @POST
    @Path("/replay")
    @Operation(summary = "Send again every message that failed (or was skipped) since a time")
    public Uni<Map<String, Integer>> replayFailed(@PathParam("guildId") @Pattern(regexp = Snowflake.PATTERN, message = Snowflake.MESSAGE) String guildId,
            @PathParam("id") UUID id, @QueryParam("since") String since) {
        OffsetDateTime from;
        try {
            from = OffsetDateTime.parse(since == null ? "" : since);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("since", "must be a time like 2026-12-01T00:00:00Z");
        }
        return replayWhere("status in ('failed', 'skipped') and created_at >= $3", Tuple.of(id, guildId, from));
    }

    private Uni<Map<String, Integer>> replayWhere(String condition, Tuple arguments) {
        return pool.preparedQuery("update webhook_message set status = 'pending', next_attempt_at = now(), leased_until = null"
                        + " where subscription_id = $1 and guild_id = $2 and " + condition)
                .execute(arguments).map(rows -> Map.of("replayed", rows.rowCount())).invoke(dispatcher::wake);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
