package dev.riff.support.auth;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;

/**
 * Who may call the fleet's internal APIs: each caller by name, with its bearer token and the scopes
 * it holds ({@code *} for all). Defaults in service-support's microprofile-config.properties are for
 * a laptop; deploy/ takes the tokens from Secrets.
 */
@ConfigMapping(prefix = "riff.auth")
public interface AuthConfig {

    /** Callers by name, e.g. {@code riff.auth.callers.gateway.token} and {@code riff.auth.callers.gateway.scopes}. */
    Map<String, Caller> callers();

    interface Caller {
        /** The bearer token (env per caller, e.g. RIFF_GATEWAY_TOKEN). */
        String token();

        /** The scopes this caller may use, comma-separated; {@code *} is every scope. */
        List<String> scopes();
    }
}
