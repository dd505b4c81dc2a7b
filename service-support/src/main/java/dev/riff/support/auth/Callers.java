package dev.riff.support.auth;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The configured callers of the internal APIs, found by the bearer token they present. */
@Singleton
public class Callers {

    /** A known caller and the scopes it holds. */
    public record Caller(String name, byte[] authorization, Set<String> scopes) {
        public boolean holds(String scope) {
            return scopes.contains("*") || scopes.contains(scope);
        }
    }

    private final List<Caller> callers;

    Callers(AuthConfig config, @ConfigProperty(name = "quarkus.http.host") String host) {
        boolean loopback = isLoopback(host);
        this.callers = config.callers().entrySet().stream().map(entry -> {
            String token = entry.getValue().token();
            if (token.isBlank()) {
                throw new IllegalStateException("riff.auth.callers." + entry.getKey() + ".token must not be blank");
            }
            if (token.startsWith("riff-local-") && !loopback) {
                throw new IllegalStateException("riff.auth.callers." + entry.getKey() + ".token is the local default, but this service"
                        + " listens on " + host + ": set a secret token (see deploy/)");
            }
            return new Caller(entry.getKey(), ("Bearer " + token).getBytes(StandardCharsets.UTF_8),
                    entry.getValue().scopes().stream().map(String::trim).collect(Collectors.toUnmodifiableSet()));
        }).toList();
    }

    /** Whether the service listens on loopback only, where local default credentials and plaintext are allowed. */
    static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }

    /** The caller whose token this Authorization header carries, or null; compared in constant time with every token. */
    public Caller byAuthorization(String authorization) {
        if (authorization == null) {
            return null;
        }
        byte[] presented = authorization.getBytes(StandardCharsets.UTF_8);
        Caller found = null;
        for (Caller caller : callers) {
            if (MessageDigest.isEqual(caller.authorization(), presented)) {
                found = caller;
            }
        }
        return found;
    }
}
