package dev.riff.config.bench;

import dev.riff.contracts.grpc.config.v1.ConfigurationGrpc;
import dev.riff.contracts.grpc.config.v1.EffectiveConfigurationRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The effective-configuration benchmark (a harness, not a test: tagged "benchmark", excluded from the
 * build): reads of {@code GET /api/v1/guilds/{g}/effective-configuration} over HTTP at high rate
 * (served from the Redis cache), and in the same run plain Redis GETs of a value of the same size,
 * with the same concurrency, and the same lookup over gRPC (over one HTTP/2 connection, then two). Load generator and
 * service share the JVM and the machine.
 * Run with {@code ./mvnw -B test -pl config-service -Dtest=EffectiveConfigurationBenchmark -Driff.excluded.groups=none -Dgroups=benchmark}.
 */
@QuarkusTest
@TestProfile(EffectiveConfigurationBenchmark.ProductionTtl.class)
@Tag("benchmark")
class EffectiveConfigurationBenchmark {

    /** The production cache TTL, not the tests' short one, so entries expire as often as they would in the fleet. */
    public static class ProductionTtl implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("riff.config.cache-ttl", "20s");
        }
    }

    private static final int GUILDS = 100;

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "riff.auth.callers.gateway.token")
    String token;

    @Inject
    RedisDataSource redis;

    private record Result(String what, int concurrency, long requests, double seconds, long[] sortedNanos) {

        String row() {
            return String.format("| %s | %d | %d | %.0f | %.2f ms | %.2f ms | %.2f ms |", what, concurrency, requests, requests / seconds,
                    percentile(0.50), percentile(0.99), sortedNanos[sortedNanos.length - 1] / 1e6);
        }

        double percentile(double p) {
            return sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.round(p * (sortedNanos.length - 1)))] / 1e6;
        }
    }

    @Test
    void effectiveConfigurationReadsAgainstPlainRedisGets() throws Exception {
        int seconds = Integer.getInteger("riff.bench.seconds", 15);
        List<Integer> concurrencies = Arrays.stream(System.getProperty("riff.bench.concurrency", "1,16,64").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < GUILDS; i++) {
            uris.add(base.resolve("api/v1/guilds/" + (400_000_000_000_000_000L + i) + "/effective-configuration?channel=500000000000000000"));
        }
        String body = get(http, uris.getFirst());
        String key = "riff:bench:value-of-" + body.length() + "-bytes";
        redis.value(String.class).set(key, body);

        // Other work on the machine skews every row; the load average says how much there was.
        System.out.printf("%nload average before: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("\n| what | concurrency | requests | per second | p50 | p99 | max |\n|---|---|---|---|---|---|---|");
        // gRPC: grpc-java's blocking stub over one channel (one HTTP/2 connection, calls multiplexed), and
        // over two channels taken in turn: a connection is served by one event loop, so one is one core.
        Metadata credential = new Metadata();
        credential.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        List<ManagedChannel> channels = new ArrayList<>();
        List<ConfigurationGrpc.ConfigurationBlockingStub> stubs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress(base.getHost(), base.getPort()).usePlaintext().build();
            channels.add(channel);
            stubs.add(ConfigurationGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credential)));
        }
        List<EffectiveConfigurationRequest> requests = new ArrayList<>();
        for (int i = 0; i < GUILDS; i++) {
            requests.add(EffectiveConfigurationRequest.newBuilder().setGuildId(Long.toString(400_000_000_000_000_000L + i))
                    .setChannelId("500000000000000000").build());
        }
        for (int concurrency : concurrencies) {
            run("warm-up", concurrency, 3, () -> get(http, uris.get(ThreadLocalRandom.current().nextInt(GUILDS))));
            System.out.println(run("HTTP effective configuration (Redis cache hit)", concurrency, seconds,
                    () -> get(http, uris.get(ThreadLocalRandom.current().nextInt(GUILDS)))).row());
            for (int connections = 1; connections <= stubs.size(); connections++) {
                List<ConfigurationGrpc.ConfigurationBlockingStub> used = stubs.subList(0, connections);
                Callable<?> lookup = () -> used.get(ThreadLocalRandom.current().nextInt(used.size())).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getEffectiveConfiguration(requests.get(ThreadLocalRandom.current().nextInt(GUILDS)));
                run("warm-up", concurrency, 3, lookup);
                System.out.println(run("gRPC GetEffectiveConfiguration (Redis cache hit), " + connections + " connection"
                        + (connections == 1 ? "" : "s"), concurrency, seconds, lookup).row());
            }
            run("warm-up", concurrency, 3, () -> redis.value(String.class).get(key));
            System.out.println(run("Redis GET of " + body.length() + " bytes", concurrency, seconds, () -> redis.value(String.class).get(key)).row());
        }
        System.out.printf("load average after: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        channels.forEach(ManagedChannel::shutdownNow);
    }

    private String get(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** {@code concurrency} virtual threads call {@code call} in a loop for {@code seconds}, timing each call. */
    private static Result run(String what, int concurrency, int seconds, Callable<?> call) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        List<long[]> perWorker = new ArrayList<>();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                futures.add(workers.submit(() -> {
                    long[] nanos = new long[1 << 16];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        call.call();
                        if (n == nanos.length) {
                            nanos = Arrays.copyOf(nanos, n * 2);
                        }
                        nanos[n++] = System.nanoTime() - t0;
                    }
                    return Arrays.copyOf(nanos, n);
                }));
            }
            for (Future<long[]> future : futures) {
                perWorker.add(future.get());
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = perWorker.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(what, concurrency, all.length, elapsed, all);
    }
}
