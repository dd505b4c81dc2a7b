package dev.riff.billing.rest;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import dev.riff.billing.config.StripeConfig;
import dev.riff.billing.service.StripeBilling;
import dev.riff.support.rest.Problem;
import dev.riff.support.rest.ProblemExceptionMappers;
import io.micrometer.core.instrument.Metrics;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Stripe's webhook endpoint. Public (outside /api): Stripe-Signature is its credential, checked by
 * stripe-java against the endpoint's secret with a 300 s tolerance. A forged, stale or replayed
 * request gets 400 and changes nothing; a second delivery of an event Stripe retried gets 200.
 */
@Path("/webhooks/stripe")
public class StripeWebhookResource {

    private final StripeBilling billing;
    private final StripeConfig config;

    StripeWebhookResource(StripeBilling billing, StripeConfig config) {
        this.billing = billing;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stripe's signed webhook events")
    public Uni<Response> receive(@HeaderParam("Stripe-Signature") String signature, byte[] body) {
        if (signature == null || signature.isBlank()) {
            return refuse("missing-signature", "a Stripe-Signature header is required");
        }
        String payload;
        try {
            payload = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body == null ? new byte[0] : body)).toString();
        } catch (CharacterCodingException e) {
            return refuse("bad-signature", "the body is not valid UTF-8, so it cannot be what Stripe signed");
        }
        Event event;
        try {
            event = Webhook.constructEvent(payload, signature, config.webhookSecret(), config.webhookToleranceSeconds());
        } catch (SignatureVerificationException e) {
            return refuse("bad-signature", "Stripe-Signature does not verify: " + e.getMessage());
        } catch (RuntimeException e) {
            return refuse("unreadable-event", "the signed body is not a Stripe event");
        }
        if (event.getId() == null || event.getType() == null) {
            return refuse("unreadable-event", "the signed body is not a Stripe event (no id or type)");
        }
        long signedAt = signatureTimestamp(signature);
        return billing.isReplay(event.getId(), signedAt).chain(replay -> {
            if (replay) {
                return refuse("replayed", "this signed request was already received; Stripe signs each delivery afresh");
            }
            return billing.handle(event, signedAt).map(outcome -> {
                count(outcome.name().toLowerCase(Locale.ROOT));
                return Response.ok(Map.of("received", event.getId(), "outcome", outcome.name().toLowerCase(Locale.ROOT))).build();
            });
        });
    }

    /** The t= of a header that already verified (so it has exactly one well-formed t=). */
    private static long signatureTimestamp(String header) {
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                return Long.parseLong(pair[1]);
            }
        }
        throw new IllegalStateException("a verified signature has a timestamp");
    }

    private static Uni<Response> refuse(String reason, String detail) {
        count(reason);
        return Uni.createFrom().item(ProblemExceptionMappers.problem(new Problem("https://riff.dev/problems/stripe-webhook/" + reason,
                "Bad Request", 400, detail, List.of())));
    }

    private static void count(String outcome) {
        Metrics.counter("riff_stripe_webhooks_total", "outcome", outcome).increment();
    }
}
