package dev.riff.support.testing;

import dev.riff.support.auth.BearerCredentials;
import io.grpc.CallCredentials;

/** gRPC calls in tests as a caller makes them: the REST API's bearer token, in the authorization metadata. */
public final class GrpcCalls {

    private GrpcCalls() {
    }

    public static CallCredentials bearer(String token) {
        return BearerCredentials.of(token);
    }
}
