package dev.riff.eventstore.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.CloudEvent;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.eventstore.domain.ExpectedVersion;
import dev.riff.eventstore.domain.StoredEvent;
import dev.riff.eventstore.service.EventAppender;
import dev.riff.eventstore.service.EventQueries;
import dev.riff.support.reactive.OnVertxContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The event store benchmark (a harness, not a test: tagged "benchmark", excluded from the build):
 * batched appends through {@link EventAppender} (the code behind the append API and the Kafka
 * consumer) and reading them back in global order through {@link EventQueries}, each beside plain
 * INSERT and COPY into, and a plain SELECT from, a table with the same columns and indexes and no
 * trigger, lock or checks, in the same run. Every benchmark run adds its events to the test database
 * for good (they cannot be deleted). Run with
 * {@code ./mvnw -B test -pl eventstore-service -Dtest=EventStoreBenchmark -Driff.excluded.groups=none -Dgroups=benchmark}
 * (after {@code ./mvnw -B install -DskipTests -pl contracts,service-support -am}).
 */
@Tag("benchmark")
@QuarkusTest
class EventStoreBenchmark {

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URI base;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "riff.auth.callers.operator.token")
    String token;


    private static final int EVENTS = Integer.getInteger("riff.bench.events", 10_000);
    private static final String PLAIN = "bench_plain_event";

    @Inject
    EventAppender appender;

    @Inject
    EventQueries queries;

    @Inject
    OnVertxContext onVertx;

    @Inject
    AgroalDataSource dataSource;

    private final AtomicLong plainIds = new AtomicLong();

    @Test
    void appendAndReadThroughputBesidePlainPostgres() throws Exception {
        execute("drop table if exists " + PLAIN,
                "create table " + PLAIN + " (like event_store_event including constraints including indexes)");
        try {
            // Warm-up, not measured: JIT and connection pools for both sides.
            appendToStore(2_000, 10, 1);
            plain(2_000, 10, 1, false);
            plain(2_000, 10, 1, true);
            System.out.printf("%nEvent store benchmark: %d events per row%n%n", EVENTS);
            System.out.println("| operation | batch | writers | event store (events/s) | plain INSERT (events/s) | plain COPY (events/s) | store / INSERT | store / COPY |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            long firstStored = -1;
            long lastStored = 0;
            for (int[] shape : new int[][] {{1, 1}, {10, 1}, {100, 1}, {100, 4}}) {
                int batch = shape[0];
                int writers = shape[1];
                int events = batch == 1 ? EVENTS / 5 : EVENTS;
                long[] range = new long[2];
                double store = rate(events, () -> range(range, appendToStore(events, batch, writers)));
                firstStored = firstStored < 0 ? range[0] : firstStored;
                lastStored = range[1];
                double insert = rate(events, () -> plain(events, batch, writers, false));
                double copy = rate(events, () -> plain(events, batch, writers, true));
                System.out.printf("| append | %d | %d | %.0f | %.0f | %.0f | %.2f | %.2f |%n", batch, writers, store, insert, copy, store / insert, store / copy);
            }
            long from = firstStored - 1;
            long to = lastStored;
            // Both read paths warmed first, then the same number of rows read on each side, alternating, three rounds:
            // a single cold read of a few tens of thousands of rows measured mostly the JIT of the side read first.
            // Both tables vacuumed and analysed first, so autovacuum, woken by the appends, does not run during one side's read.
            execute("vacuum analyze event_store_event", "vacuum analyze " + PLAIN);
            long rows = readStore(from, to);
            readPlain(rows);
            List<Double> ratios = new ArrayList<>();
            long storeNanos = 0;
            long plainNanos = 0;
            long storeRows = 0;
            long plainRows = 0;
            for (int round = 1; round <= 5; round++) {
                long start = System.nanoTime();
                long read = readStore(from, to) + readStore(from, to);
                long storeTook = System.nanoTime() - start;
                start = System.nanoTime();
                long plainRead = readPlain(rows) + readPlain(rows);
                long plainTook = System.nanoTime() - start;
                storeNanos += storeTook;
                plainNanos += plainTook;
                storeRows += read;
                plainRows += plainRead;
                double storeRead = read / (storeTook / 1e9);
                double plainRate = plainRead / (plainTook / 1e9);
                ratios.add(storeRead / plainRate);
                System.out.printf("| read in global order, round %d (pages of 1000; plain: one SELECT) | %d / %d events | 1 | %.0f | %.0f | | %.2f | |%n",
                        round, read, plainRead, storeRead, plainRate, storeRead / plainRate);
            }
            double storeAll = storeRows / (storeNanos / 1e9);
            double plainAll = plainRows / (plainNanos / 1e9);
            System.out.printf("| read in global order, all 5 rounds | %d / %d events | 1 | %.0f | %.0f | | %.2f | |%n",
                    storeRows, plainRows, storeAll, plainAll, storeAll / plainAll);
            System.out.printf("%nread ratios by round %s%n%n", ratios.stream().map(r -> String.format("%.2f", r)).toList());
        } finally {
            execute("drop table " + PLAIN);
        }
    }

    /**
     * Kafka to committed positions through the running consumer: a burst of events produced at once
     * (sustained ingestion rate), beside plain INSERT of the same rows in batches of a poll (500, one
     * transaction each) in the same run; then a steady 2,000 events/s for 10 s, sampling the lag.
     */
    /**
     * Reading the log over gRPC (one ReadAll server stream, pages of 500 as the client asks) beside
     * REST (GET /api/v1/events pages of 1,000), in the same run: the same events after the same
     * position, three rounds each, alternating.
     */
    @Test
    void readingTheLogOverGrpcBesideRest() throws Exception {
        int events = Integer.getInteger("riff.bench.log-events", 50_000);
        io.grpc.ManagedChannel channel = io.grpc.ManagedChannelBuilder.forAddress(base.getHost(), base.getPort()).usePlaintext().build();
        io.grpc.Metadata credential = new io.grpc.Metadata();
        credential.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        var grpc = dev.riff.contracts.grpc.eventstore.v1.EventStoreGrpc.newBlockingStub(channel)
                .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(credential));
        var async = dev.riff.contracts.grpc.eventstore.v1.EventStoreGrpc.newStub(channel)
                .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(credential));
        long first = -1;
        for (int offset = 0; offset < events; offset += 500) {
            var batch = dev.riff.contracts.grpc.eventstore.v1.AppendRequest.newBuilder().setAggregateType("bench-log")
                    .setAggregateId(UUID.randomUUID().toString());
            for (int i = 0; i < 500; i++) {
                batch.addEvents(dev.riff.contracts.grpc.eventstore.v1.NewEvent.newBuilder().setId(UUID.randomUUID().toString())
                        .setType("bench.log-read.v1").setSource("/bench").setGuildId("123456789012345678")
                        .setDataJson("{\"title\":\"Riff Demo Tune\",\"url\":\"https://example.org/demo.ogg\",\"positionMs\":" + i + "}"));
            }
            long position = grpc.append(batch.build()).getFirstPosition();
            first = first < 0 ? position : first;
        }
        long after = first - 1;
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        System.out.println("\n| round | REST pages of 1,000 (events/s) | gRPC ReadAll stream (events/s) |\n|---|---|---|");
        for (int round = 0; round <= 3; round++) {
            long restStart = System.nanoTime();
            long position = after;
            int read = 0;
            while (read < events) {
                var page = CloudEventCodec.mapper().readTree(http.send(java.net.http.HttpRequest.newBuilder(
                                base.resolve("api/v1/events?after=" + position + "&limit=1000")).header("Authorization", "Bearer " + token).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                read += page.size();
                position = page.get(page.size() - 1).path("globalPosition").asLong();
            }
            double rest = read / ((System.nanoTime() - restStart) / 1e9);
            long grpcStart = System.nanoTime();
            // grpc-java's async stub (its blocking iterator asks for one message at a time).
            AtomicLong streamed = new AtomicLong();
            var done = new java.util.concurrent.CompletableFuture<Void>();
            async.readAll(dev.riff.contracts.grpc.eventstore.v1.ReadAllRequest.newBuilder().setPosition(after).setMaxCount(events).build(),
                    new io.grpc.stub.StreamObserver<>() {
                        @Override
                        public void onNext(dev.riff.contracts.grpc.eventstore.v1.RecordedEvent event) {
                            streamed.incrementAndGet();
                        }

                        @Override
                        public void onError(Throwable failure) {
                            done.completeExceptionally(failure);
                        }

                        @Override
                        public void onCompleted() {
                            done.complete(null);
                        }
                    });
            done.get();
            double viaGrpc = streamed.get() / ((System.nanoTime() - grpcStart) / 1e9);
            if (round > 0) { // round 0 warms both paths
                System.out.printf("| %d | %,.0f | %,.0f |%n", round, rest, viaGrpc);
            }
        }
        channel.shutdownNow();
    }

    @Test
    void kafkaIngestionBesidePlainBatchedInsert() throws Exception {
        execute("drop table if exists " + PLAIN,
                "create table " + PLAIN + " (like event_store_event including constraints including indexes)");
        try (var producer = producer()) {
            ingest(producer, 2_000); // warm-up
            plain(2_000, 500, 1, false);
            int events = EVENTS * 2;
            double ingested = rate(events, () -> ingest(producer, events));
            double producerRate = events / lastProduceSeconds;
            double insert = rate(events, () -> plain(events, 500, 1, false));
            // The consumer's transaction alone, in-process: what Kafka and reading the records add shows as the difference.
            double direct = rate(events, () -> {
                for (int done = 0; done < events; done += 500) {
                    List<CloudEvent> batch = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        batch.add(event("ingest-" + (i % 50)));
                    }
                    onVertx.run(() -> appender.appendAll(batch)).await().indefinitely();
                }
            });
            System.out.printf("%n| producing them (the benchmark's producer alone) | %.0f events/s |%n", producerRate);
            System.out.printf("| Kafka ingestion (%d events) | %.0f events/s | appendAll in-process, batches of 500 | %.0f events/s"
                    + " | plain INSERT, batches of 500 | %.0f events/s | Kafka / INSERT %.2f | appendAll / INSERT %.2f |%n",
                    events, ingested, direct, insert, ingested / insert, direct / insert);

            long stored = storedPosition();
            long produced = 0;
            long maxLag = 0;
            long start = System.nanoTime();
            for (int tick = 1; tick <= 100; tick++) {
                for (int i = 0; i < 200; i++) {
                    send(producer, event("ingest-" + (i % 50)));
                }
                produced += 200;
                producer.flush();
                maxLag = Math.max(maxLag, produced - (storedPosition() - stored));
                long due = start + tick * 100_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            long sentAll = System.nanoTime();
            while (storedPosition() - stored < produced) {
                Thread.sleep(5);
            }
            System.out.printf("| steady 2,000 events/s for 10 s | max lag %d events (%.0f ms of traffic) | caught up %.0f ms after the last send |%n%n",
                    maxLag, maxLag / 2.0, (System.nanoTime() - sentAll) / 1e6);
        } finally {
            execute("drop table " + PLAIN);
        }
    }

    private void ingest(org.apache.kafka.clients.producer.KafkaProducer<String, String> producer, int events) throws Exception {
        long before = storedPosition();
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            send(producer, event("ingest-" + (i % 50)));
        }
        producer.flush();
        lastProduceSeconds = (System.nanoTime() - start) / 1e9;
        while (storedPosition() - before < events) {
            Thread.sleep(2);
        }
    }

    private double lastProduceSeconds;

    private static void send(org.apache.kafka.clients.producer.KafkaProducer<String, String> producer, CloudEvent event) {
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("playback.events", event.subject(), CloudEventCodec.write(event)));
    }

    private long storedPosition() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select last_position from event_store_position where id = 1")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static org.apache.kafka.clients.producer.KafkaProducer<String, String> producer() {
        java.util.Properties properties = new java.util.Properties();
        properties.put("bootstrap.servers", org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        properties.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        properties.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        properties.put("linger.ms", 5);
        return new org.apache.kafka.clients.producer.KafkaProducer<>(properties);
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double rate(long events, Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return events / ((System.nanoTime() - start) / 1e9);
    }

    private static void range(long[] range, long[] result) {
        range[0] = result[0];
        range[1] = result[1];
    }

    /** Appends in batches from concurrent writers, each to its own streams; answers the first and last position. */
    private long[] appendToStore(int events, int batch, int writers) throws Exception {
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong();
        onWriters(writers, writer -> {
            String stream = "bench-" + UUID.randomUUID();
            for (int done = 0; done < events / writers; done += batch) {
                List<CloudEvent> batchEvents = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    batchEvents.add(event(stream));
                }
                EventAppender.StreamAppend result = onVertx.run(() -> appender.appendToStream("bench-stream", stream, ExpectedVersion.ANY, batchEvents))
                        .await().indefinitely();
                first.accumulateAndGet(result.firstPosition(), Math::min);
                last.accumulateAndGet(result.lastPosition(), Math::max);
            }
        });
        return new long[] {first.get(), last.get()};
    }

    /** The same rows into the plain table: INSERT batches or one COPY per batch, a transaction per batch. */
    private void plain(int events, int batch, int writers, boolean copy) throws Exception {
        onWriters(writers, writer -> {
            String stream = "plain-" + UUID.randomUUID();
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                for (int done = 0; done < events / writers; done += batch) {
                    List<CloudEvent> rows = new ArrayList<>();
                    for (int i = 0; i < batch; i++) {
                        rows.add(event(stream));
                    }
                    if (copy) {
                        copy(connection, stream, rows, done);
                    } else {
                        insert(connection, stream, rows, done);
                    }
                    connection.commit();
                }
            }
        });
    }

    private void insert(Connection connection, String stream, List<CloudEvent> rows, int version) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("insert into " + PLAIN + " (id, event_id, event_type, aggregate_id, aggregate_type,"
                + " aggregate_version, guild_id, source, event_data, metadata, \"timestamp\", created_at, global_position)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)")) {
            for (CloudEvent event : rows) {
                long id = plainIds.incrementAndGet();
                insert.setLong(1, id);
                insert.setString(2, event.id());
                insert.setString(3, event.type());
                insert.setString(4, stream);
                insert.setString(5, "bench-stream");
                insert.setLong(6, ++version);
                insert.setString(7, event.partitionkey());
                insert.setString(8, event.source());
                insert.setString(9, event.data().toString());
                insert.setString(10, metadata(event));
                insert.setTimestamp(11, Timestamp.from(event.time()));
                insert.setTimestamp(12, Timestamp.from(Instant.now()));
                insert.setLong(13, id);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void copy(Connection connection, String stream, List<CloudEvent> rows, int version) throws Exception {
        StringBuilder csv = new StringBuilder();
        for (CloudEvent event : rows) {
            long id = plainIds.incrementAndGet();
            csv.append(id).append(',').append(event.id()).append(',').append(event.type()).append(',').append(stream)
                    .append(",bench-stream,").append(++version).append(',').append(event.partitionkey()).append(',')
                    .append(event.source()).append(',').append(quoted(event.data().toString())).append(',')
                    .append(quoted(metadata(event))).append(',').append(event.time()).append(',').append(Instant.now())
                    .append(',').append(id).append('\n');
        }
        connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + PLAIN + " (id, event_id, event_type, aggregate_id,"
                + " aggregate_type, aggregate_version, guild_id, source, event_data, metadata, \"timestamp\", created_at,"
                + " global_position) from stdin with (format csv)", new StringReader(csv.toString()));
    }

    private long readStore(long from, long to) {
        long read = 0;
        long after = from;
        while (after < to) {
            List<StoredEvent> page = queries.after(after, 1000, null, null).await().indefinitely();
            read += page.stream().filter(e -> e.globalPosition <= to).count();
            after = page.getLast().globalPosition;
        }
        return read;
    }

    /** The first {@code count} rows of the plain table in position order, through a cursor of 1000 rows. */
    private long readPlain(long count) throws Exception {
        long read = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement select = connection.createStatement()) {
                select.setFetchSize(1000);
                try (ResultSet rows = select.executeQuery("select id, event_id, event_type, aggregate_id, aggregate_type, aggregate_version,"
                        + " guild_id, source, event_data::text, metadata::text, \"timestamp\", created_at, global_position from " + PLAIN
                        + " order by global_position limit " + count)) {
                    // Every column decoded into the same object the store's read makes: the JDBC driver decodes a column only when asked.
                    while (rows.next()) {
                        StoredEvent event = new StoredEvent();
                        event.id = rows.getLong(1);
                        event.eventId = rows.getString(2);
                        event.eventType = rows.getString(3);
                        event.aggregateId = rows.getString(4);
                        event.aggregateType = rows.getString(5);
                        event.aggregateVersion = rows.getLong(6);
                        event.guildId = rows.getString(7);
                        event.source = rows.getString(8);
                        event.eventData = rows.getString(9);
                        event.metadata = rows.getString(10);
                        event.timestamp = rows.getObject(11, java.time.OffsetDateTime.class).toInstant();
                        event.createdAt = rows.getObject(12, java.time.OffsetDateTime.class).toInstant();
                        event.globalPosition = rows.getLong(13);
                        read++;
                    }
                }
            }
        }
        return read;
    }

    private interface Writer {
        void run(int writer) throws Exception;
    }

    private static void onWriters(int writers, Writer work) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    work.run(writer);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a writer failed", failures.getFirst());
        }
    }

    /** About the size of a playback.track-started.v1 event. */
    private static CloudEvent event(String stream) {
        ObjectNode data = CloudEventCodec.mapper().createObjectNode()
                .put("guildId", "123456789012345678").put("title", "A song title of ordinary length")
                .put("url", "https://example.org/" + UUID.randomUUID() + ".mp3").put("source", "http")
                .put("requestedBy", "234567890123456789").put("durationMs", 215000).put("positionMs", 0);
        return new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), "/bench", "bench.appended.v1", stream,
                Instant.now(), "application/json", "123456789012345678", "bench-stream", data);
    }

    private static String metadata(CloudEvent event) {
        ObjectNode metadata = CloudEventCodec.mapper().valueToTree(event);
        metadata.remove("data");
        return metadata.toString();
    }

    private static String quoted(String json) {
        return '"' + json.replace("\"", "\"\"") + '"';
    }

    private void execute(String... statements) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
