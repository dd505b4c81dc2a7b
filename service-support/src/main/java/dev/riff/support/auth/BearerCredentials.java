package dev.riff.support.auth;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/** A caller's service token on a gRPC call, where {@link GrpcCallerAuthorization} reads it: "authorization: Bearer …". */
public final class BearerCredentials extends CallCredentials {

    private final String token;

    private BearerCredentials(String token) {
        this.token = token;
    }

    public static CallCredentials of(String token) {
        return new BearerCredentials(token);
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(GrpcCallerAuthorization.AUTHORIZATION, "Bearer " + token);
        applier.apply(headers);
    }
}
