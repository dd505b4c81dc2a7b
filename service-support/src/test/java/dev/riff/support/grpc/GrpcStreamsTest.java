package dev.riff.support.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mutiny sources on grpc-java's own server and client over real HTTP/2: a client that stops reading
 * stops its source (a million items are not all produced into the transport), a cancelled call
 * cancels its source, and a failure that is not a status reaches the client as a bare INTERNAL, or
 * as UNAVAILABLE (retry later) when it says a dependency is down.
 */
class GrpcStreamsTest {

    private static final int ITEMS = 1_000_000;
    private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private static final MethodDescriptor<String, String> NUMBERS = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING).setFullMethodName("test.Numbers/Count")
            .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();
    private static final MethodDescriptor<String, String> LOOKUP = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Numbers/Lookup")
            .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();

    private final AtomicLong produced = new AtomicLong();
    private final AtomicBoolean sourceCancelled = new AtomicBoolean();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        ServerServiceDefinition numbers = ServerServiceDefinition.builder("test.Numbers")
                .addMethod(NUMBERS, ServerCalls.asyncServerStreamingCall((request, observer) -> GrpcStreams.stream(
                        Multi.createFrom().range(0, ITEMS).map(i -> "item " + i)
                                .onItem().invoke(produced::incrementAndGet)
                                .onCancellation().invoke(() -> sourceCancelled.set(true)), observer)))
                .addMethod(LOOKUP, ServerCalls.asyncUnaryCall((request, observer) -> GrpcStreams.answer(
                        Uni.createFrom().failure(request.equals("down")
                                ? new IllegalStateException("wrapped", new java.net.ConnectException("Connection refused: 10.1.2.3"))
                                : new IllegalStateException("secret detail")), observer)))
                .build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(numbers).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aClientThatStopsReadingStopsItsSourceAndCancellingCancelsIt() {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicReference<Status> closed = new AtomicReference<>();
        ClientCall<String, String> call = channel.newCall(NUMBERS, CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(String message) {
                received.add(message);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.set(status);
            }
        }, new Metadata());
        call.sendMessage("count");
        call.halfClose();
        call.request(10);
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 10);

        // The source stops once HTTP/2's windows are full: it waits, it does not fill memory.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(new java.util.concurrent.Callable<>() {
            private long last = -1;

            @Override
            public Boolean call() {
                long now = produced.get();
                boolean settled = now == last;
                last = now;
                return settled;
            }
        });
        assertTrue(produced.get() < ITEMS / 10, "produced " + produced.get() + " items for a client that took 10");
        assertEquals("item 9", received.get(9), "in order");

        call.request(5);
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 15);
        assertEquals("item 14", received.get(14), "reading again resumes where it stopped");

        call.cancel("the client leaves", null);
        await().atMost(Duration.ofSeconds(20)).until(sourceCancelled::get);
        assertTrue(produced.get() < ITEMS, "the source was never drained");
    }

    @Test
    void aFailureThatIsNotAStatusReachesTheClientAsInternalWithoutItsDetails() {
        Status closed = lookUp("look");
        assertEquals(Status.Code.INTERNAL, closed.getCode());
        assertEquals("internal error", closed.getDescription());
    }

    @Test
    void aDependencyThatIsDownReachesTheClientAsUnavailableWithoutItsDetails() {
        Status closed = lookUp("down");
        assertEquals(Status.Code.UNAVAILABLE, closed.getCode(), "a client may retry it");
        assertEquals("a dependency is unavailable, try again", closed.getDescription());
    }

    private Status lookUp(String request) {
        AtomicReference<Status> closed = new AtomicReference<>();
        ClientCall<String, String> call = channel.newCall(LOOKUP, CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.set(status);
            }
        }, new Metadata());
        call.sendMessage(request);
        call.halfClose();
        call.request(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> closed.get() != null);
        return closed.get();
    }
}
