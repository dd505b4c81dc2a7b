package dev.riff.gateway.client;

import dev.riff.contracts.grpc.config.v1.ConfigurationGrpc;
import dev.riff.contracts.grpc.config.v1.EffectiveConfiguration;
import dev.riff.contracts.grpc.config.v1.EffectiveConfigurationRequest;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * config-service's gRPC lookup as grpc-java's own server plays it, answering per guild what the real
 * service seldom does on demand: slow, failing, newer or partial answers. It records what each call
 * carried (its authorization) and whether a call it was still holding was cancelled by the caller.
 */
public final class ConfigLookupStub extends ConfigurationGrpc.ConfigurationImplBase implements AutoCloseable {

    /** An answer, given after a delay; or a failure when {@code failure} is set. */
    public record Answer(EffectiveConfiguration configuration, Status failure, Duration delay) {

        public static Answer of(EffectiveConfiguration configuration) {
            return new Answer(configuration, null, Duration.ZERO);
        }

        public static Answer failing(Status failure) {
            return new Answer(null, failure, Duration.ZERO);
        }

        public Answer after(Duration delay) {
            return new Answer(configuration, failure, delay);
        }
    }

    /** One call as the stub received it. */
    public record Call(String guildId, String channelId, String authorization, boolean hadDeadline) {
    }

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> CALLER = Context.key("authorization");

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> cancelledWhileHeld = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Server server;

    public ConfigLookupStub() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(this, new io.grpc.ServerInterceptor() {
                    @Override
                    public <Q, A> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, A> call, Metadata headers,
                            io.grpc.ServerCallHandler<Q, A> next) {
                        return Contexts.interceptCall(Context.current().withValue(CALLER, headers.get(AUTHORIZATION)), call, headers, next);
                    }
                }))
                .build().start();
    }

    public int port() {
        return server.getPort();
    }

    public void answer(String guildId, Answer answer) {
        answers.put(guildId, answer);
    }

    public List<Call> calls(String guildId) {
        return calls.stream().filter(call -> call.guildId().equals(guildId)).toList();
    }

    /** Guilds whose call the caller cancelled (its deadline passed) while the stub was still holding it. */
    public List<String> cancelledWhileHeld() {
        return cancelledWhileHeld;
    }

    @Override
    public void getEffectiveConfiguration(EffectiveConfigurationRequest request, StreamObserver<EffectiveConfiguration> observer) {
        Context context = Context.current();
        calls.add(new Call(request.getGuildId(), request.getChannelId(), CALLER.get(), context.getDeadline() != null));
        Answer answer = answers.getOrDefault(request.getGuildId(),
                Answer.failing(Status.NOT_FOUND.withDescription("no answer set for this guild")));
        // The call's context is also cancelled when it completes: only a cancellation before the answer counts.
        AtomicBoolean answered = new AtomicBoolean();
        context.addListener(cancelled -> {
            if (!answered.get()) {
                cancelledWhileHeld.add(request.getGuildId());
            }
        }, Runnable::run);
        timer.schedule(() -> {
            if (context.isCancelled()) {
                return;
            }
            answered.set(true);
            if (answer.failure() != null) {
                observer.onError(answer.failure().asRuntimeException());
            } else {
                observer.onNext(answer.configuration());
                observer.onCompleted();
            }
        }, answer.delay().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        timer.shutdownNow();
    }
}
