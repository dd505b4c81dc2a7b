package dev.riff.config.grpc;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.riff.contracts.grpc.config.v1.ConfigurationGrpc;
import dev.riff.contracts.grpc.config.v1.EffectiveConfiguration;
import dev.riff.contracts.grpc.config.v1.EffectiveConfigurationRequest;
import dev.riff.contracts.grpc.config.v1.GuildConfigurationChanged;
import dev.riff.contracts.grpc.config.v1.WatchGuildRequest;
import dev.riff.config.service.GuildWatch;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.EventTypes;
import dev.riff.support.auth.BearerCredentials;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.micrometer.core.instrument.Metrics;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicReference;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * config-service over gRPC with grpc-java's stubs: the effective configuration as the REST API
 * computes it, a guild's changes streamed to a watcher from config.events on the real Kafka, and
 * the REST API's credentials and scopes.
 */
@QuarkusTest
class ConfigurationGrpcTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    GuildWatch watch;

    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(base.getHost(), base.getPort()).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }


    private static String snowflake() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 999_999_999_999_999_999L));
    }

    private ConfigurationGrpc.ConfigurationBlockingStub configuration(String token) {
        return ConfigurationGrpc.newBlockingStub(channel).withCallCredentials(BearerCredentials.of(token)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @Test
    void theEffectiveConfigurationIsTheRestApisAndAWatcherSeesItsGuildsChanges() {
        String guild = snowflake();
        String other = snowflake();
        List<GuildConfigurationChanged> seen = new CopyOnWriteArrayList<>();
        ConfigurationGrpc.newStub(channel).withCallCredentials(BearerCredentials.of("riff-local-gateway-token"))
                .watchGuild(WatchGuildRequest.newBuilder().setGuildId(guild).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(GuildConfigurationChanged changed) {
                        seen.add(changed);
                    }

                    @Override
                    public void onError(Throwable failure) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        // The watch starts with the consumer's position at the newest record: retry the first change until it is seen.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            given().contentType("application/json").body("{\"volumeLimit\": " + (50 + ThreadLocalRandom.current().nextInt(40)) + "}")
                    .patch("/api/v1/guilds/" + other + "/server-configuration").then().statusCode(200);
            given().contentType("application/json").body("{\"volumeLimit\": " + (50 + ThreadLocalRandom.current().nextInt(40)) + "}")
                    .patch("/api/v1/guilds/" + guild + "/server-configuration").then().statusCode(200);
            return !seen.isEmpty();
        });
        assertEquals(guild, seen.get(0).getGuildId(), "only the watched guild's changes");
        assertEquals("config.server-configuration-changed.v1", seen.get(0).getEventType());

        given().contentType("application/json").body("{\"volumeLimit\": 42}").patch("/api/v1/guilds/" + guild + "/server-configuration")
                .then().statusCode(200);
        EffectiveConfiguration effective = configuration("riff-local-gateway-token")
                .getEffectiveConfiguration(EffectiveConfigurationRequest.newBuilder().setGuildId(guild).build());
        assertEquals(42, (int) effective.getValuesOrThrow("volumeLimit").getNumberValue());
        assertEquals("server", effective.getSourcesOrThrow("volumeLimit"));
        assertEquals(given().get("/api/v1/guilds/" + guild + "/effective-configuration").then().statusCode(200).extract().jsonPath()
                .getMap("sources"), effective.getSourcesMap(), "the same answer as the REST API");
    }

    @Test
    void badIdsAndMissingScopesAreRefused() {
        StatusRuntimeException invalid = assertThrows(StatusRuntimeException.class, () -> configuration("riff-local-gateway-token")
                .getEffectiveConfiguration(EffectiveConfigurationRequest.newBuilder().setGuildId("not-a-guild").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, invalid.getStatus().getCode());
        StatusRuntimeException outsider = assertThrows(StatusRuntimeException.class, () -> configuration("riff-local-outsider-token")
                .getEffectiveConfiguration(EffectiveConfigurationRequest.newBuilder().setGuildId(snowflake()).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, outsider.getStatus().getCode());
        StatusRuntimeException stranger = assertThrows(StatusRuntimeException.class, () -> configuration("not-a-token")
                .getEffectiveConfiguration(EffectiveConfigurationRequest.newBuilder().setGuildId(snowflake()).build()));
        assertEquals(Status.Code.UNAUTHENTICATED, stranger.getStatus().getCode());
    }

    @Test
    void aWatcherThatStopsReadingIsEndedAndACancelledOneIsFreed() {
        double before = watchers();
        String guild = snowflake();
        // A watcher that takes its first change and never asks for another.
        AtomicReference<Status> ended = new AtomicReference<>();
        ClientCall<WatchGuildRequest, GuildConfigurationChanged> stalled = watch(guild, ended);
        await().atMost(Duration.ofSeconds(10)).until(ConfigurationGrpcTest::watchers, count -> count == before + 1);
        // More changes than the HTTP/2 window and the watcher's buffer hold together.
        for (int i = 0; i < 20_000; i++) {
            watch.changed(CloudEvent.create(EventTypes.SERVER_CONFIGURATION_CHANGED, "/test", guild, guild,
                    JsonNodeFactory.instance.objectNode().put("guildId", guild)));
        }
        // The server lets go of the watch; the client learns why once it reads what was already sent.
        await().atMost(Duration.ofSeconds(20)).until(ConfigurationGrpcTest::watchers, count -> count == before);
        stalled.request(Integer.MAX_VALUE);
        await().atMost(Duration.ofSeconds(20)).until(() -> ended.get() != null);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, ended.get().getCode(), "ended, not buffered without bound: " + ended.get());

        AtomicReference<Status> cancelled = new AtomicReference<>();
        ClientCall<WatchGuildRequest, GuildConfigurationChanged> leaving = watch(snowflake(), cancelled);
        await().atMost(Duration.ofSeconds(10)).until(ConfigurationGrpcTest::watchers, count -> count == before + 1);
        leaving.cancel("the watcher leaves", null);
        await().atMost(Duration.ofSeconds(10)).until(ConfigurationGrpcTest::watchers, count -> count == before);
    }

    private ClientCall<WatchGuildRequest, GuildConfigurationChanged> watch(String guild, AtomicReference<Status> ended) {
        ClientCall<WatchGuildRequest, GuildConfigurationChanged> call = channel.newCall(ConfigurationGrpc.getWatchGuildMethod(),
                CallOptions.DEFAULT.withCallCredentials(BearerCredentials.of("riff-local-gateway-token")));
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                ended.set(status);
            }
        }, new Metadata());
        call.sendMessage(WatchGuildRequest.newBuilder().setGuildId(guild).build());
        call.halfClose();
        call.request(1);
        return call;
    }

    private static double watchers() {
        return Metrics.globalRegistry.get("riff_config_guild_watchers").gauge().value();
    }
}
