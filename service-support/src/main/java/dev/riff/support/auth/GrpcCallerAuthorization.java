package dev.riff.support.auth;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.grpc.GrpcService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.util.AnnotationLiteral;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The REST API's credential check for every gRPC call: the same bearer token, in the
 * {@code authorization} metadata (else UNAUTHENTICATED), and the scope the implementing method
 * declares with {@link RequiresScope} (else PERMISSION_DENIED; a method declaring none is refused).
 * Health checking and reflection are open, as /q/health is.
 */
@ApplicationScoped
@GlobalInterceptor
public class GrpcCallerAuthorization implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<String> OPEN_SERVICES = Set.of("grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection",
            "grpc.reflection.v1.ServerReflection");

    private static final class GrpcServiceLiteral extends AnnotationLiteral<GrpcService> implements GrpcService {
    }

    private final Callers callers;
    /** Why this service may not serve gRPC as configured, or null. */
    private final String refusal;
    /** "Service/Method" (the service's simple name, as the proto names it) to the scope its implementation declares. */
    private final Map<String, String> scopes = new HashMap<>();

    GrpcCallerAuthorization(Callers callers, BeanManager beans, @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.insecure-requests", defaultValue = "enabled") String insecureRequests,
            @ConfigProperty(name = "riff.grpc.plaintext-beyond-loopback", defaultValue = "false") boolean plaintextBeyondLoopback) {
        this.callers = callers;
        this.refusal = plaintextRefusal(host, insecureRequests, plaintextBeyondLoopback);
        for (var bean : beans.getBeans(Object.class, new GrpcServiceLiteral(), Any.Literal.INSTANCE)) {
            Class<?> implementation = bean.getBeanClass();
            String service = serviceName(implementation);
            for (Method method : implementation.getDeclaredMethods()) {
                RequiresScope scope = method.getAnnotation(RequiresScope.class);
                if (scope != null && service != null) {
                    scopes.put(service + "/" + Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1),
                            scope.value());
                }
            }
        }
    }

    /**
     * The proto's service name (without its package) of an implementation of grpc-java's generated
     * {@code FooGrpc.FooImplBase}, from the generated class's SERVICE_NAME; or, for Quarkus' Mutiny
     * style, the service interface's name.
     */
    static String serviceName(Class<?> implementation) {
        for (Class<?> type = implementation.getSuperclass(); type != null && type != Object.class; type = type.getSuperclass()) {
            Class<?> generated = type.getDeclaringClass();
            if (generated != null) {
                try {
                    String full = (String) generated.getField("SERVICE_NAME").get(null);
                    return full.substring(full.lastIndexOf('.') + 1);
                } catch (ReflectiveOperationException | ClassCastException notGenerated) {
                    // not a generated ImplBase: look further up
                }
            }
        }
        Class<?>[] interfaces = implementation.getInterfaces();
        return interfaces.length == 0 ? null : interfaces[0].getSimpleName();
    }

    /**
     * Credentials travel in the metadata, so gRPC is served in plaintext only on loopback, or where
     * an operator says the network is private ({@code riff.grpc.plaintext-beyond-loopback}); otherwise
     * the HTTP server must take TLS only ({@code quarkus.http.insecure-requests=disabled}).
     *
     * @return why the service may not start as configured, or null
     */
    static String plaintextRefusal(String host, String insecureRequests, boolean plaintextBeyondLoopback) {
        if (Callers.isLoopback(host) || plaintextBeyondLoopback || "disabled".equalsIgnoreCase(insecureRequests)) {
            return null;
        }
        return "this service serves gRPC on " + host + " in plaintext: serve TLS only (quarkus.http.insecure-requests=disabled with a"
                + " certificate) or, on a private network, set riff.grpc.plaintext-beyond-loopback=true";
    }

    /** A service that serves gRPC refuses to start when its transport would expose the credentials. */
    void checkTransport(@Observes StartupEvent event) {
        if (!scopes.isEmpty() && refusal != null) {
            throw new IllegalStateException(refusal);
        }
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String service = call.getMethodDescriptor().getServiceName();
        if (OPEN_SERVICES.contains(service)) {
            return next.startCall(call, headers);
        }
        Callers.Caller caller = callers.byAuthorization(headers.get(AUTHORIZATION));
        if (caller == null) {
            call.close(Status.UNAUTHENTICATED.withDescription("this API needs a caller's credential: authorization: Bearer <token>"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        String simpleService = service == null ? "" : service.substring(service.lastIndexOf('.') + 1);
        String scope = scopes.get(simpleService + "/" + call.getMethodDescriptor().getBareMethodName());
        if (scope == null || !caller.holds(scope)) {
            call.close(Status.PERMISSION_DENIED.withDescription(scope == null ? "this method declares no scope, so no caller may use it"
                    : "caller '" + caller.name() + "' does not hold the scope " + scope + " this method needs"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
