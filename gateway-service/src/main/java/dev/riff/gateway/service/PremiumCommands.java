package dev.riff.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.gateway.client.BillingServiceClient;
import dev.riff.gateway.domain.CommandRequest;
import dev.riff.gateway.domain.EffectiveConfiguration;
import dev.riff.gateway.domain.PremiumStatus;
import dev.riff.gateway.domain.Reply;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * {@code /premium status | buy | manage | activate | deactivate}: answered privately from
 * billing-service's API. Billing's refusals reach the member worded by their code; billing being
 * away gets a "try again shortly", never an error trace.
 */
@ApplicationScoped
public class PremiumCommands {

    private static final Logger LOG = Logger.getLogger(PremiumCommands.class);
    private static final String REFUSAL_TYPE = "https://riff.dev/problems/premium/";

    private final BillingServiceClient billing;

    PremiumCommands(@RestClient BillingServiceClient billing) {
        this.billing = billing;
    }

    public Uni<Void> execute(CommandRequest request, EffectiveConfiguration configuration, Replies replies, Locale language) {
        String user = request.userId();
        Uni<Void> work = switch (request.subcommand() == null ? "status" : request.subcommand()) {
            case "buy" -> billing.checkout(user, Map.of("plan", request.option("plan"))).chain(link -> replies.edit(ReplyRenderer.link(
                    Wording.text(language, Reply.of("premium-buy", "plan", request.option("plan"))),
                    Wording.text(language, Reply.of("premium-buy-button")), link.url())));
            case "manage" -> billing.portal(user).chain(link -> replies.edit(ReplyRenderer.link(
                    Wording.text(language, Reply.of("premium-manage")), Wording.text(language, Reply.of("premium-manage-button")), link.url())));
            case "activate" -> billing.activate(user, request.guildId())
                    .chain(status -> replies.edit(ReplyRenderer.text(Wording.text(language, Reply.of("premium-activated",
                            "used", status.servers().size(), "max", status.grants().premiumServers())))));
            case "deactivate" -> billing.deactivate(user, request.guildId())
                    .chain(status -> replies.edit(ReplyRenderer.text(Wording.text(language, Reply.of("premium-deactivated")))))
                    .onFailure(refused("move-cooldown")).recoverWithUni(() -> billing.status(user).chain(status -> replies.failPrivately(
                            Wording.text(language, Reply.of("premium-refused-move-cooldown", "when", movableFrom(status, request.guildId()))))));
            default -> billing.status(user).chain(status -> replies.edit(ReplyRenderer.text(describe(status, configuration, language))));
        };
        return work.onFailure(WebApplicationException.class).recoverWithUni(failure -> replies.failPrivately(refusal(
                (WebApplicationException) failure, language)))
                .onFailure(failure -> !(failure instanceof WebApplicationException)).recoverWithUni(failure -> {
                    LOG.warnf("billing-service did not answer /premium %s: %s", request.subcommand(), failure.toString());
                    return replies.failPrivately(Wording.text(language, Reply.of("premium-unavailable")));
                });
    }

    static String describe(PremiumStatus status, EffectiveConfiguration configuration, Locale language) {
        StringBuilder text = new StringBuilder(Wording.text(language, Reply.of(configuration.subscriptionTier().equals("free")
                ? "premium-free" : "premium-tier", "tier", configuration.subscriptionTier())));
        text.append('\n').append(Wording.text(language, "free".equals(status.plan())
                ? Reply.of("expired".equals(status.status()) ? "premium-status-ended" : "premium-status-free")
                : Reply.of("premium-status-plan", "plan", status.plan())));
        if ("past_due".equals(status.status()) && status.graceUntil() != null) {
            text.append('\n').append(Wording.text(language, Reply.of("premium-status-grace", "until", "<t:" + status.graceUntil().getEpochSecond() + ":R>")));
        }
        if (status.grants() != null && status.grants().premiumServers() > 0 || !status.servers().isEmpty()) {
            text.append('\n').append(Wording.text(language, Reply.of("premium-status-servers", "used", status.servers().size(),
                    "max", status.grants() == null ? 0 : status.grants().premiumServers())));
            for (PremiumStatus.Server server : status.servers()) {
                text.append("\n• ").append(server.guildId()).append(": ").append(Wording.text(language, Reply.of("premium-server-" + server.status())));
            }
        }
        if (status.usage() != null && status.grants() != null) {
            text.append('\n').append(Wording.text(language, Reply.of("premium-status-usage", "month", status.usage().month(),
                    "minutes", status.usage().playMinutes(), "requests", status.usage().requests(),
                    "allowedMinutes", allowance(status.grants().monthlyPlayMinutes(), language),
                    "allowedRequests", allowance(status.grants().monthlyRequests(), language))));
            for (String quota : status.usage().overQuota()) {
                text.append('\n').append(Wording.text(language, Reply.of("premium-status-over-" + quota)));
            }
        }
        return text.toString();
    }

    private static String allowance(int value, Locale language) {
        return value < 0 ? Wording.text(language, Reply.of("premium-unlimited")) : Integer.toString(value);
    }

    private static String movableFrom(PremiumStatus status, String guildId) {
        return status.servers().stream().filter(server -> server.guildId().equals(guildId) && server.movableFrom() != null).findFirst()
                .map(server -> "<t:" + server.movableFrom().getEpochSecond() + ":R>").orElse("?");
    }

    private static java.util.function.Predicate<Throwable> refused(String code) {
        return failure -> failure instanceof WebApplicationException web && web.getResponse().getStatus() == 409
                && problemType(web).equals(REFUSAL_TYPE + code);
    }

    /** Billing's refusal worded by its code; an unknown code shows billing's own detail. */
    private static String refusal(WebApplicationException failure, Locale language) {
        int status = failure.getResponse().getStatus();
        if (status >= 500) {
            return Wording.text(language, Reply.of("premium-unavailable"));
        }
        String type = problemType(failure);
        String code = type.startsWith(REFUSAL_TYPE) ? type.substring(REFUSAL_TYPE.length()) : "";
        return Wording.find(language, "premium-refused-" + code, Map.of())
                .orElseGet(() -> Wording.text(language, Reply.of("premium-refused", "reason", detail(failure))));
    }

    private static String problemType(WebApplicationException failure) {
        try {
            failure.getResponse().bufferEntity();
            JsonNode problem = failure.getResponse().readEntity(JsonNode.class);
            return problem == null ? "" : problem.path("type").asText("");
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    private static String detail(WebApplicationException failure) {
        try {
            JsonNode problem = failure.getResponse().readEntity(JsonNode.class);
            return problem == null ? "" : problem.path("detail").asText("");
        } catch (RuntimeException unreadable) {
            return "";
        }
    }
}
