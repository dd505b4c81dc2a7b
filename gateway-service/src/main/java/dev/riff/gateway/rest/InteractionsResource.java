package dev.riff.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.gateway.domain.Reply;
import dev.riff.gateway.service.Wording;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.gateway.client.DiscordShards;
import dev.riff.gateway.client.HookReplies;
import dev.riff.gateway.domain.CommandRequest;
import dev.riff.gateway.service.Admission;
import dev.riff.gateway.service.ButtonCommands;
import dev.riff.gateway.service.CommandService;
import dev.riff.gateway.service.RecentQueries;
import dev.riff.gateway.service.SignatureVerifier;
import dev.riff.support.rest.Problem;
import dev.riff.support.rest.ProblemExceptionMappers;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.dv8tion.jda.api.entities.GuildVoiceState;
import net.dv8tion.jda.api.entities.Member;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * Discord's HTTP interactions endpoint, the second intake beside the gateway: verifies the
 * Ed25519 signature, answers PING, and routes commands, buttons and autocomplete exactly as
 * gateway interactions are routed. The HTTP response is the acknowledgement; execution starts once
 * it has been written, so the reply exists before it is edited.
 */
@Path("/interactions")
public class InteractionsResource {

    private static final Logger LOG = Logger.getLogger(InteractionsResource.class);
    private static final int PING = 1, APPLICATION_COMMAND = 2, MESSAGE_COMPONENT = 3, AUTOCOMPLETE = 4;
    private static final int EPHEMERAL = 1 << 6;

    private final SignatureVerifier signatures;
    private final CommandService commands;
    private final RecentQueries recentQueries;
    private final DiscordShards discord;

    InteractionsResource(SignatureVerifier signatures, CommandService commands, RecentQueries recentQueries, DiscordShards discord) {
        this.signatures = signatures;
        this.commands = commands;
        this.recentQueries = recentQueries;
        this.discord = discord;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Discord HTTP interactions (signed by Discord with Ed25519)")
    public Uni<Response> interact(@HeaderParam("X-Signature-Ed25519") String signature,
            @HeaderParam("X-Signature-Timestamp") String timestamp, String body, @Context RoutingContext routing) {
        if (!signatures.verify(signature, timestamp, body)) {
            return Uni.createFrom().item(ProblemExceptionMappers.problem(new Problem("https://riff.dev/problems/invalid-signature",
                    "Unauthorized", 401, "invalid request signature", List.of())));
        }
        JsonNode interaction;
        try {
            interaction = CloudEventCodec.mapper().readTree(body);
        } catch (Exception e) {
            return Uni.createFrom().item(ProblemExceptionMappers.invalidInput("body", "is not JSON"));
        }
        if (interaction == null || !interaction.isObject()) {
            return Uni.createFrom().item(ProblemExceptionMappers.invalidInput("body", "is not a JSON object"));
        }
        int type = interaction.path("type").asInt();
        if (type != PING) {
            Optional<Problem.FieldError> malformed = InteractionShape.check(interaction);
            if (malformed.isPresent()) {
                return Uni.createFrom().item(ProblemExceptionMappers.invalidInput(malformed.get().field(), malformed.get().reason()));
            }
            if (!interaction.hasNonNull("guild_id")) {
                return Uni.createFrom().item(Response.ok(message(Wording.text(localeOf(interaction), Reply.of("guild-only")))).build());
            }
        }
        return switch (type) {
            case PING -> Uni.createFrom().item(Response.ok(callback(1)).build());
            case APPLICATION_COMMAND -> command(interaction, false, routing);
            case MESSAGE_COMPONENT -> command(interaction, true, routing);
            case AUTOCOMPLETE -> autocomplete(interaction);
            default -> Uni.createFrom().item(ProblemExceptionMappers.problem(new Problem("about:blank", "Bad Request", 400,
                    "unsupported interaction type", List.of())));
        };
    }

    private Uni<Response> command(JsonNode interaction, boolean fromButton, RoutingContext routing) {
        CommandRequest request = fromButton ? buttonRequest(interaction) : commandRequest(interaction);
        if (request == null) {
            return Uni.createFrom().item(Response.ok(message(Wording.text(localeOf(interaction), Reply.of("stale-button")))).build());
        }
        return commands.admit(request).map(admission -> switch (admission) {
            case Admission.Rejected rejected -> Response.ok(message(rejected.text())).build();
            case Admission.Duplicate duplicate -> Response.ok(callback(fromButton ? 6 : 5)).build();
            case Admission.Accepted accepted -> {
                routing.addEndHandler(written -> discord.anyShard().ifPresentOrElse(
                        jda -> commands.execute(request, accepted, new HookReplies(jda, request.interactionToken(),
                                        CommandService.acknowledgementOf(request, accepted.ephemeral())))
                                .subscribe().with(ok -> { }, failure -> LOG.errorf(failure, "Executing /%s failed", request.command())),
                        () -> LOG.errorf("Not connected to Discord: cannot carry out /%s", request.command())));
                ObjectNode deferral = callback(fromButton ? 6 : 5);
                if (!fromButton && accepted.ephemeral()) {
                    deferral.putObject("data").put("flags", EPHEMERAL);
                }
                yield Response.ok(deferral).build();
            }
        });
    }

    private Uni<Response> autocomplete(JsonNode interaction) {
        JsonNode focused = null;
        for (JsonNode option : interaction.path("data").path("options")) {
            if (option.path("focused").asBoolean()) {
                focused = option;
            }
        }
        String userId = interaction.path("member").path("user").path("id").asText();
        String typed = focused == null ? "" : focused.path("value").asText("");
        return recentQueries.suggest(userId, typed).onFailure().recoverWithItem(List.of()).map(suggestions -> {
            ObjectNode answer = callback(8);
            var choices = answer.putObject("data").putArray("choices");
            suggestions.forEach(s -> choices.addObject().put("name", s).put("value", s));
            return Response.ok(answer).build();
        });
    }

    private CommandRequest commandRequest(JsonNode interaction) {
        JsonNode data = interaction.path("data");
        Map<String, Object> options = new LinkedHashMap<>();
        String subcommand = null;
        for (JsonNode option : data.path("options")) {
            if (option.path("type").asInt() == 1) {
                subcommand = option.path("name").asText();
                option.path("options").forEach(nested -> options.put(nested.path("name").asText(), value(nested)));
            } else {
                options.put(option.path("name").asText(), value(option));
            }
        }
        return request(interaction, data.path("name").asText(), subcommand, options, false);
    }

    private CommandRequest buttonRequest(JsonNode interaction) {
        return ButtonCommands.of(interaction.path("data").path("custom_id").asText())
                .map(button -> request(interaction, button.command(), null, button.options(), true))
                .orElse(null);
    }

    /** The member and guild facts from the payload; voice channels from the gateway's cache. */
    private CommandRequest request(JsonNode interaction, String command, String subcommand, Map<String, Object> options, boolean fromButton) {
        JsonNode member = interaction.path("member");
        String guildId = interaction.path("guild_id").asText();
        String userId = member.path("user").path("id").asText();
        Set<String> roles = new HashSet<>();
        member.path("roles").forEach(role -> roles.add(role.asText()));
        long permissions = Long.parseUnsignedLong(member.path("permissions").asText("0"));
        var guild = discord.guild(guildId).orElse(null);
        String memberVoice = null;
        String botVoice = null;
        int listeners = 0;
        if (guild != null) {
            Member cached = guild.getMemberById(userId);
            memberVoice = voiceChannel(cached == null ? null : cached.getVoiceState());
            GuildVoiceState self = guild.getSelfMember().getVoiceState();
            botVoice = voiceChannel(self);
            if (self != null && self.getChannel() != null) {
                listeners = (int) self.getChannel().getMembers().stream().filter(m -> !m.getUser().isBot()).count();
            }
        }
        return new CommandRequest(interaction.path("id").asText(), interaction.path("token").asText(), guildId,
                interaction.path("channel_id").asText(), userId, roles, permissions, memberVoice, botVoice, listeners,
                command, subcommand, options, fromButton, discordLocale(interaction));
    }

    /** Discord's locale for the guild, or the member's when the guild has none. */
    private static String discordLocale(JsonNode interaction) {
        String guildLocale = interaction.path("guild_locale").asText("");
        return guildLocale.isBlank() ? interaction.path("locale").asText(null) : guildLocale;
    }

    private static Locale localeOf(JsonNode interaction) {
        return Wording.language(null, discordLocale(interaction));
    }

    private static String voiceChannel(GuildVoiceState state) {
        return state == null || state.getChannel() == null ? null : state.getChannel().getId();
    }

    private static Object value(JsonNode option) {
        JsonNode value = option.path("value");
        return value.isNumber() ? value.numberValue() : value.isBoolean() ? value.booleanValue() : value.asText();
    }

    private static ObjectNode callback(int type) {
        return CloudEventCodec.mapper().createObjectNode().put("type", type);
    }

    private static ObjectNode message(String content) {
        ObjectNode reply = callback(4);
        ObjectNode data = reply.putObject("data").put("content", content).put("flags", EPHEMERAL);
        data.putObject("allowed_mentions").putArray("parse");
        return reply;
    }
}
