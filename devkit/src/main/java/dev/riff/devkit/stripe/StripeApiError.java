package dev.riff.devkit.stripe;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An error the API answers with, in Stripe's shape: {@code {"error": {type, code, message, param, doc_url}}}. */
final class StripeApiError extends RuntimeException {

    final int status;
    final String type;
    final String code;
    final String param;

    StripeApiError(int status, String type, String code, String message, String param) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    static StripeApiError missing(String kind, String id, String param) {
        return new StripeApiError(404, "invalid_request_error", "resource_missing", "No such " + kind + ": '" + id + "'", param);
    }

    static StripeApiError parameterMissing(String param) {
        return new StripeApiError(400, "invalid_request_error", "parameter_missing", "Missing required param: " + param + ".", param);
    }

    static StripeApiError invalid(String message, String param) {
        return new StripeApiError(400, "invalid_request_error", null, message, param);
    }

    static StripeApiError invalid(String code, String message, String param) {
        return new StripeApiError(400, "invalid_request_error", code, message, param);
    }

    ObjectNode body(String requestId) {
        ObjectNode error = StripeJson.obj();
        if (code != null) {
            error.put("code", code);
            error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
        }
        error.put("message", getMessage());
        if (param != null) {
            error.put("param", param);
        }
        error.put("request_log_url", "https://dashboard.stripe.com/test/logs/" + requestId);
        error.put("type", type);
        ObjectNode root = StripeJson.obj();
        root.set("error", error);
        return root;
    }
}
