package dev.riff.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.gateway.client.WebhookServiceClient;
import dev.riff.gateway.domain.CommandRequest;
import dev.riff.gateway.domain.Reply;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * {@code /webhooks add | list | remove | test | rotate-secret}, for members who can manage the
 * server, answered privately: a new or rotated signing secret is shown this once, to that member only.
 */
@ApplicationScoped
public class WebhookCommands {

    private static final Logger LOG = Logger.getLogger(WebhookCommands.class);

    private final WebhookServiceClient webhooks;

    WebhookCommands(@RestClient WebhookServiceClient webhooks) {
        this.webhooks = webhooks;
    }

    public Uni<Void> execute(CommandRequest request, Replies replies, Locale language) {
        String guild = request.guildId();
        Uni<Void> work = switch (request.subcommand() == null ? "list" : request.subcommand()) {
            case "add" -> {
                Map<String, Object> endpoint = new LinkedHashMap<>();
                endpoint.put("url", request.option("url"));
                endpoint.put("events", events(request.option("events")));
                yield webhooks.add(guild, request.userId(), endpoint).chain(added -> replies.edit(ReplyRenderer.text(Wording.text(language,
                        Reply.of("webhooks-added", "id", added.endpoint().id(), "secret", added.secret())))));
            }
            case "remove" -> webhooks.remove(guild, request.option("id"))
                    .chain(() -> replies.edit(ReplyRenderer.text(Wording.text(language, Reply.of("webhooks-removed", "id", request.option("id"))))));
            case "test" -> webhooks.test(guild, request.option("id"))
                    .chain(() -> replies.edit(ReplyRenderer.text(Wording.text(language, Reply.of("webhooks-tested", "id", request.option("id"))))));
            case "rotate-secret" -> webhooks.rotate(guild, request.option("id")).chain(rotated -> replies.edit(ReplyRenderer.text(
                    Wording.text(language, Reply.of("webhooks-rotated", "id", rotated.endpoint().id(), "secret", rotated.secret())))));
            default -> webhooks.list(guild).chain(endpoints -> replies.edit(ReplyRenderer.text(describe(endpoints, language))));
        };
        return work.onFailure(WebApplicationException.class).recoverWithUni(failure -> replies.failPrivately(
                        Wording.text(language, Reply.of("webhooks-refused", "reason", reason((WebApplicationException) failure, language)))))
                .onFailure(failure -> !(failure instanceof WebApplicationException)).recoverWithUni(failure -> {
                    LOG.warnf("webhook-service did not answer /webhooks %s: %s", request.subcommand(), failure.toString());
                    return replies.failPrivately(Wording.text(language, Reply.of("webhooks-unavailable")));
                });
    }

    /** Comma- or space-separated event types; none given means every type of the catalogue. */
    static List<String> events(String option) {
        if (option == null || option.isBlank()) {
            return List.of("track.started", "track.ended", "queue.changed", "player.state-changed", "configuration.changed", "premium.changed");
        }
        return Arrays.stream(option.split("[,\\s]+")).filter(type -> !type.isBlank()).toList();
    }

    private static String describe(List<WebhookServiceClient.Endpoint> endpoints, Locale language) {
        if (endpoints.isEmpty()) {
            return Wording.text(language, Reply.of("webhooks-none"));
        }
        StringBuilder text = new StringBuilder(Wording.text(language, Reply.of("webhooks-list")));
        for (WebhookServiceClient.Endpoint endpoint : endpoints) {
            text.append("\n• `").append(endpoint.id()).append("` ").append(endpoint.url()).append(" (")
                    .append(String.join(", ", endpoint.events())).append(')');
            if (!endpoint.active()) {
                text.append(" — ").append(Wording.text(language, Reply.of("webhooks-disabled",
                        "reason", endpoint.disabledReason() == null ? "" : endpoint.disabledReason())));
            }
        }
        return text.toString();
    }

    private static String reason(WebApplicationException failure, Locale language) {
        if (failure.getResponse().getStatus() >= 500) {
            return Wording.text(language, Reply.of("webhooks-unavailable"));
        }
        try {
            JsonNode problem = failure.getResponse().readEntity(JsonNode.class);
            String field = problem.path("errors").path(0).path("field").asText("");
            String why = problem.path("errors").path(0).path("reason").asText(problem.path("detail").asText(""));
            return field.isEmpty() ? why : field + " " + why;
        } catch (RuntimeException unreadable) {
            return "HTTP " + failure.getResponse().getStatus();
        }
    }
}
