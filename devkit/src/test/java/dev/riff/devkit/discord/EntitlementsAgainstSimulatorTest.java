package dev.riff.devkit.discord;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riff.devkit.discord.DiscordState.Guild;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Entitlement;
import net.dv8tion.jda.api.entities.ISnowflake;
import net.dv8tion.jda.api.entities.SKU;
import net.dv8tion.jda.api.entities.SKUFlag;
import net.dv8tion.jda.api.entities.SKUType;
import net.dv8tion.jda.api.entities.UserSnowflake;
import net.dv8tion.jda.api.events.entitlement.EntitlementCreateEvent;
import net.dv8tion.jda.api.events.entitlement.EntitlementDeleteEvent;
import net.dv8tion.jda.api.events.entitlement.EntitlementUpdateEvent;
import net.dv8tion.jda.api.events.entitlement.GenericEntitlementEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.restaction.TestEntitlementCreateAction;
import net.dv8tion.jda.api.requests.restaction.pagination.PaginationAction.PaginationOrder;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Discord's premium apps against the real JDA client: SKUs, entitlement gateway events, paginated
 * listing, test entitlements, consumption, errors, and entitlements carried by interactions. Two
 * shards, so "sent once, on shard 0" is checked as well.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntitlementsAgainstSimulatorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private DiscordSimulator simulator;
    private ShardManager shards;
    private JDA jda;
    private Guild guild;
    private final List<GenericEntitlementEvent> events = new CopyOnWriteArrayList<>();
    private final List<SlashCommandInteractionEvent> commands = new CopyOnWriteArrayList<>();

    @BeforeAll
    void connect() {
        simulator = DiscordSimulator.start(0, "test-token", "1100000000000000077", Duration.ofSeconds(5));
        var state = simulator.state();
        guild = state.createGuild("Premium Guild", state.createUser("owner"));
        state.createGuild("Other Guild", state.createUser("owner2"));
        simulator.rest().recommendedShards(2);

        shards = SimulatorShards.builder(simulator, "test-token")
                .addEventListeners(new ListenerAdapter() {
                    @Override
                    public void onGenericEntitlement(GenericEntitlementEvent event) {
                        events.add(event);
                    }

                    @Override
                    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
                        commands.add(event);
                        event.reply("ok").queue();
                    }
                })
                .build();
        await().atMost(Duration.ofSeconds(30)).until(() -> shards.getShards().size() == 2
                && shards.getShards().stream().allMatch(shard -> shard.getStatus() == JDA.Status.CONNECTED));
        jda = shards.getShardById(0);
    }

    @AfterAll
    void disconnect() {
        if (shards != null) {
            shards.shutdown();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void skuListHasTheSeededSubscriptionsWithTheirFlags() {
        Map<String, SKU> skus = jda.retrieveSKUList().complete().stream().collect(Collectors.toMap(SKU::getId, Function.identity()));
        assertEquals(Set.of(DiscordSimulator.SKU_RIFF_BASIC, DiscordSimulator.SKU_RIFF_PREMIUM, DiscordSimulator.SKU_RIFF_ENTERPRISE,
                DiscordSimulator.SKU_RIFF_SERVER_PREMIUM), skus.keySet());
        assertEquals("Riff Basic", skus.get(DiscordSimulator.SKU_RIFF_BASIC).getName());
        assertEquals("riff-premium", skus.get(DiscordSimulator.SKU_RIFF_PREMIUM).getSlug());
        assertEquals("Riff Enterprise", skus.get(DiscordSimulator.SKU_RIFF_ENTERPRISE).getName());
        for (String user : List.of(DiscordSimulator.SKU_RIFF_BASIC, DiscordSimulator.SKU_RIFF_PREMIUM, DiscordSimulator.SKU_RIFF_ENTERPRISE)) {
            assertEquals(SKUType.SUBSCRIPTION, skus.get(user).getType());
            assertEquals(EnumSet.of(SKUFlag.AVAILABLE, SKUFlag.USER_SUBSCRIPTION), skus.get(user).getFlags());
            assertTrue(skus.get(user).isUserSKU());
        }
        SKU server = skus.get(DiscordSimulator.SKU_RIFF_SERVER_PREMIUM);
        assertEquals("Riff Server Premium", server.getName());
        assertEquals(SKUType.SUBSCRIPTION, server.getType());
        assertEquals(EnumSet.of(SKUFlag.AVAILABLE, SKUFlag.GUILD_SUBSCRIPTION), server.getFlags());
        assertTrue(server.isGuildSKU() && server.isAvailable());
    }

    @Test
    void purchaseRenewalCancellationAndRefundReachJdaAsGatewayEvents() {
        String buyer = simulator.state().createUser("buyer").id();
        Instant end = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        String id = simulator.grantEntitlement(DiscordSimulator.SKU_RIFF_PREMIUM, buyer, null, end).path("id").asText();

        Entitlement created = awaitEvent(EntitlementCreateEvent.class, id).getEntitlement();
        assertEquals(DiscordSimulator.SKU_RIFF_PREMIUM, created.getSkuId());
        assertEquals(buyer, created.getUserId());
        assertEquals(0, created.getGuildIdLong(), "a user subscription has no guild");
        assertEquals(Entitlement.EntitlementType.APPLICATION_SUBSCRIPTION, created.getType());
        assertEquals(end, created.getTimeEnding().toInstant());
        assertNotNull(created.getTimeStarting());
        assertFalse(created.isDeleted());

        Instant renewed = end.plus(30, ChronoUnit.DAYS);
        simulator.renewEntitlement(id, renewed);
        assertEquals(renewed, awaitEvent(EntitlementUpdateEvent.class, id).getEntitlement().getTimeEnding().toInstant());

        simulator.cancelEntitlement(id);
        await().atMost(WAIT).until(() -> eventsFor(EntitlementUpdateEvent.class, id).size() == 2);
        assertEquals(renewed, eventsFor(EntitlementUpdateEvent.class, id).get(1).getEntitlement().getTimeEnding().toInstant(),
                "a cancelled subscription runs to the end already paid for");

        simulator.deleteEntitlement(id);
        assertTrue(awaitEvent(EntitlementDeleteEvent.class, id).getEntitlement().isDeleted());

        // Each change went out once, on shard 0, and the gateway log shows it.
        List<GenericEntitlementEvent> all = events.stream().filter(e -> e.getEntitlement().getId().equals(id)).toList();
        assertEquals(4, all.size());
        assertTrue(all.stream().allMatch(e -> e.getJDA().getShardInfo().getShardId() == 0));
        List<String> logged = simulator.gateway().events().stream()
                .filter(e -> e.kind().startsWith("ENTITLEMENT_") && e.payload().path("id").asText().equals(id))
                .peek(e -> assertEquals(0, e.shardId()))
                .map(GatewayServer.GatewayEvent::kind).toList();
        assertEquals(List.of("ENTITLEMENT_CREATE", "ENTITLEMENT_UPDATE", "ENTITLEMENT_UPDATE", "ENTITLEMENT_DELETE"), logged);
    }

    @Test
    void guildSubscriptionCarriesTheGuildAndTheBuyer() throws Exception {
        String buyer = simulator.addMember(guild.id, "server-buyer", List.of()).id();
        String id = simulator.grantEntitlement(DiscordSimulator.SKU_RIFF_SERVER_PREMIUM, buyer, guild.id, null).path("id").asText();
        Entitlement created = awaitEvent(EntitlementCreateEvent.class, id).getEntitlement();
        assertEquals(guild.id, created.getGuildId());
        assertEquals(buyer, created.getUserId());
        assertEquals(DiscordSimulator.SKU_RIFF_SERVER_PREMIUM, created.getSkuId());
        assertNull(created.getTimeEnding(), "a running subscription has no end yet");
        JsonNode fetched = restGet("applications/" + jda.getSelfUser().getApplicationId() + "/entitlements/" + id);
        assertEquals(guild.id, fetched.path("guild_id").asText());
        assertEquals(buyer, fetched.path("user_id").asText());
        assertEquals(1, jda.retrieveEntitlements().guild(Long.parseLong(guild.id)).skuIds(DiscordSimulator.SKU_RIFF_SERVER_PREMIUM)
                .stream().filter(e -> e.getId().equals(id)).count());
    }

    @Test
    void jdaPagesThroughMoreThanAHundredEntitlements() {
        String subscriber = simulator.state().createUser("collector").id();
        Set<String> granted = new HashSet<>();
        Set<String> ended = new HashSet<>();
        for (int i = 0; i < 130; i++) {
            // Every tenth has already ended: listed unless exclude_ended.
            Instant endsAt = i % 10 == 0 ? Instant.now().minus(1, ChronoUnit.DAYS) : Instant.now().plus(30, ChronoUnit.DAYS);
            String sku = i % 2 == 0 ? DiscordSimulator.SKU_RIFF_BASIC : DiscordSimulator.SKU_RIFF_PREMIUM;
            String id = simulator.grantEntitlement(sku, subscriber, null, endsAt).path("id").asText();
            granted.add(id);
            if (i % 10 == 0) {
                ended.add(id);
            }
        }
        String refunded = simulator.grantEntitlement(DiscordSimulator.SKU_RIFF_ENTERPRISE, subscriber, null, null).path("id").asText();
        simulator.deleteEntitlement(refunded);
        int listRequestsBefore = listRequests();

        List<String> newestFirst = jda.retrieveEntitlements().user(UserSnowflake.fromId(subscriber)).excludeEnded(false)
                .stream().map(ISnowflake::getId).toList();
        assertEquals(130, newestFirst.size(), "every entitlement once, the refunded one left out (exclude_deleted)");
        assertEquals(granted, new HashSet<>(newestFirst));
        List<Long> ids = newestFirst.stream().map(Long::parseLong).toList();
        List<Long> sorted = new ArrayList<>(ids);
        sorted.sort(java.util.Comparator.reverseOrder());
        assertEquals(sorted, ids, "backward order: newest first");
        assertTrue(listRequests() - listRequestsBefore >= 2, "more than one page was requested");

        List<String> oldestFirst = jda.retrieveEntitlements().user(UserSnowflake.fromId(subscriber)).order(PaginationOrder.FORWARD)
                .stream().map(ISnowflake::getId).toList();
        assertEquals(newestFirst.reversed(), oldestFirst, "forward order pages with after");

        List<Entitlement> current = jda.retrieveEntitlements().user(UserSnowflake.fromId(subscriber)).excludeEnded(true).stream().toList();
        assertEquals(130 - ended.size(), current.size());
        assertTrue(current.stream().noneMatch(e -> ended.contains(e.getId())));

        long premium = jda.retrieveEntitlements().user(UserSnowflake.fromId(subscriber)).skuIds(DiscordSimulator.SKU_RIFF_PREMIUM)
                .stream().count();
        assertEquals(65, premium);
    }

    @Test
    void testEntitlementsAreCreatedAndDeletedThroughJda() throws Exception {
        String tester = simulator.state().createUser("tester").id();
        Entitlement test = jda.createTestEntitlement(DiscordSimulator.SKU_RIFF_BASIC, tester,
                TestEntitlementCreateAction.OwnerType.USER_SUBSCRIPTION).complete();
        assertEquals(Entitlement.EntitlementType.TEST_MODE_PURCHASE, test.getType());
        assertEquals(tester, test.getUserId());
        assertEquals(DiscordSimulator.SKU_RIFF_BASIC, test.getSkuId());
        assertNull(test.getTimeStarting(), "test entitlements are valid in perpetuity");
        assertNull(test.getTimeEnding());
        awaitEvent(EntitlementCreateEvent.class, test.getId());

        Entitlement forGuild = jda.createTestEntitlement(DiscordSimulator.SKU_RIFF_SERVER_PREMIUM, guild.id,
                TestEntitlementCreateAction.OwnerType.GUILD_SUBSCRIPTION).submit().get(10, TimeUnit.SECONDS);
        assertEquals(guild.id, forGuild.getGuildId());
        assertEquals(0, forGuild.getUserIdLong());

        jda.deleteTestEntitlement(test.getId()).complete();
        assertTrue(awaitEvent(EntitlementDeleteEvent.class, test.getId()).getEntitlement().isDeleted());
        assertTrue(restGet("applications/" + jda.getSelfUser().getApplicationId() + "/entitlements/" + test.getId())
                .path("deleted").asBoolean());
        ErrorResponseException again = assertThrows(ErrorResponseException.class, () -> jda.deleteTestEntitlement(test.getId()).complete());
        assertEquals(ErrorResponse.UNKNOWN_ENTITLEMENT, again.getErrorResponse());

        ErrorResponseException unknownSku = assertThrows(ErrorResponseException.class, () -> jda.createTestEntitlement("1300000000000000999",
                tester, TestEntitlementCreateAction.OwnerType.USER_SUBSCRIPTION).complete());
        assertEquals(ErrorResponse.UNKNOWN_SKU, unknownSku.getErrorResponse());
    }

    @Test
    void consumingMarksTheEntitlementConsumed() {
        String buyer = simulator.state().createUser("consumer").id();
        String id = simulator.grantEntitlement(DiscordSimulator.SKU_RIFF_BASIC, buyer, null, null).path("id").asText();
        Entitlement entitlement = jda.retrieveEntitlements().user(UserSnowflake.fromId(buyer)).stream().findFirst().orElseThrow();
        assertEquals(id, entitlement.getId());
        assertFalse(entitlement.isConsumed());
        entitlement.consume().complete();
        assertTrue(jda.retrieveEntitlements().user(UserSnowflake.fromId(buyer)).stream().findFirst().orElseThrow().isConsumed());
    }

    @Test
    void listQueryFollowsDiscordsParameters() throws Exception {
        String app = jda.getSelfUser().getApplicationId();
        String user = simulator.state().createUser("raw-lister").id();
        String first = simulator.grantEntitlement(DiscordSimulator.SKU_RIFF_BASIC, user, null, null).path("id").asText();
        String refunded = simulator.grantEntitlement(DiscordSimulator.SKU_RIFF_PREMIUM, user, null, null).path("id").asText();
        simulator.deleteEntitlement(refunded);
        String base = "applications/" + app + "/entitlements?user_id=" + user;

        assertEquals(List.of(first), ids(restGet(base)), "deleted entitlements are left out by default");
        assertEquals(List.of(refunded, first), ids(restGet(base + "&exclude_deleted=false")), "newest first");
        assertEquals(List.of(first, refunded), ids(restGet(base + "&exclude_deleted=false&after=0")), "after: oldest first");
        assertEquals(List.of(refunded), ids(restGet(base + "&exclude_deleted=false&limit=1")));
        assertEquals(List.of(first), ids(restGet(base + "&exclude_deleted=false&before=" + refunded)));
        assertEquals(List.of(), ids(restGet(base + "&sku_ids=" + DiscordSimulator.SKU_RIFF_ENTERPRISE + "," + DiscordSimulator.SKU_RIFF_PREMIUM)));

        var tooMany = rest(base + "&limit=101", "Bot test-token");
        assertEquals(400, tooMany.statusCode());
        assertEquals(50035, DiscordJson.parse(tooMany.body()).path("code").asInt());
        assertEquals(401, rest(base, "Bot wrong-token").statusCode());
        assertEquals(403, rest("applications/1100000000000000001/entitlements", "Bot test-token").statusCode());
        var unknown = rest("applications/" + app + "/entitlements/1/consume", "Bot test-token", "POST");
        assertEquals(404, unknown.statusCode());
        assertEquals(10029, DiscordJson.parse(unknown.body()).path("code").asInt());
    }

    @Test
    void unknownEntitlementIsDiscordsError() {
        ErrorResponseException error = assertThrows(ErrorResponseException.class,
                () -> jda.retrieveEntitlementById("1234567890123456789").complete());
        assertEquals(ErrorResponse.UNKNOWN_ENTITLEMENT, error.getErrorResponse());
        assertEquals(10029, error.getErrorCode());
        assertEquals(404, error.getResponse().code);
    }

    @Test
    void interactionsCarryTheUsersAndTheGuildsActiveEntitlements() {
        if (simulator.state().globalCommands().stream().noneMatch(c -> "premium".equals(c.get("name")))) {
            jda.updateCommands().addCommands(Commands.slash("premium", "Show premium status")).complete();
        }
        String member = simulator.addMember(guild.id, "subscriber", List.of()).id();
        String mine = simulator.grantEntitlement(DiscordSimulator.SKU_RIFF_PREMIUM, member, null, null).path("id").asText();
        String guilds = simulator.grantEntitlement(DiscordSimulator.SKU_RIFF_SERVER_PREMIUM, null, guild.id, null).path("id").asText();
        String refunded = simulator.grantEntitlement(DiscordSimulator.SKU_RIFF_BASIC, member, null, null).path("id").asText();
        simulator.deleteEntitlement(refunded);
        String expired = simulator.grantEntitlement(DiscordSimulator.SKU_RIFF_ENTERPRISE, member, null,
                Instant.now().minus(1, ChronoUnit.HOURS)).path("id").asText();
        String someoneElses = simulator.grantEntitlement(DiscordSimulator.SKU_RIFF_PREMIUM,
                simulator.state().createUser("stranger").id(), null, null).path("id").asText();

        String channelId = simulator.state().channelNamed(guild.id, "general").id();
        var interaction = simulator.interactions().command(guild.id, channelId, member, "premium", null);
        Set<String> carried = new HashSet<>();
        interaction.payload.path("entitlements").forEach(e -> carried.add(e.path("id").asText()));
        assertTrue(carried.containsAll(Set.of(mine, guilds)));
        assertFalse(carried.contains(refunded) || carried.contains(expired) || carried.contains(someoneElses));

        assertTrue(simulator.deliver(interaction));
        await().atMost(WAIT).until(() -> commands.stream().anyMatch(c -> c.getId().equals(interaction.id)));
        SlashCommandInteractionEvent event = commands.stream().filter(c -> c.getId().equals(interaction.id)).findFirst().orElseThrow();
        assertEquals(carried, event.getEntitlements().stream().map(ISnowflake::getId).collect(Collectors.toSet()));
    }

    @Test
    void controlApiPlaysTheStore() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + simulator.port() + "/control";
        String buyer = simulator.state().createUser("control-buyer").id();
        JsonNode created = post(http, base + "/entitlements", "{\"skuId\":\"" + DiscordSimulator.SKU_RIFF_ENTERPRISE
                + "\",\"userId\":\"" + buyer + "\",\"endsAt\":\"2031-01-01T00:00:00Z\"}");
        String id = created.path("id").asText();
        assertEquals(8, created.path("type").asInt());
        awaitEvent(EntitlementCreateEvent.class, id);

        JsonNode renewed = post(http, base + "/entitlements/" + id + "/renew", "{\"endsAt\":\"2031-02-01T00:00:00Z\"}");
        assertEquals(Instant.parse("2031-02-01T00:00:00Z"), Instant.parse(renewed.path("ends_at").asText()));
        post(http, base + "/entitlements/" + id + "/cancel", "");
        var delete = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/entitlements/" + id)).DELETE().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, delete.statusCode());
        assertTrue(DiscordJson.parse(delete.body()).path("deleted").asBoolean());
        awaitEvent(EntitlementDeleteEvent.class, id);

        JsonNode listed = get(http, base + "/entitlements");
        boolean listedDeleted = false;
        for (JsonNode e : listed) {
            listedDeleted |= e.path("id").asText().equals(id) && e.path("deleted").asBoolean();
        }
        assertTrue(listedDeleted, "the control API lists refunded entitlements too");
        assertEquals(4, get(http, base + "/skus").size());
        var unknown = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/entitlements/1/renew"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
    }

    private static JsonNode post(java.net.http.HttpClient http, String url, String body) throws Exception {
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return DiscordJson.parse(response.body());
    }

    private static JsonNode get(java.net.http.HttpClient http, String url) throws Exception {
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return DiscordJson.parse(response.body());
    }

    /**
     * A bot-authorized GET on the simulator's REST API. JDA 6.5.0's retrieveEntitlementById maps no
     * response body (its success value is always null), so single entitlements are read this way.
     */
    private JsonNode restGet(String path) throws Exception {
        var response = rest(path, "Bot test-token");
        assertEquals(200, response.statusCode(), response.body());
        return DiscordJson.parse(response.body());
    }

    private java.net.http.HttpResponse<String> rest(String path, String authorization) throws Exception {
        return rest(path, authorization, "GET");
    }

    private java.net.http.HttpResponse<String> rest(String path, String authorization, String method) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(simulator.apiBaseUrl() + path))
                        .header("Authorization", authorization).method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    private int listRequests() {
        return (int) simulator.rest().requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().endsWith("/entitlements")).count();
    }

    private <T extends GenericEntitlementEvent> List<T> eventsFor(Class<T> type, String entitlementId) {
        return events.stream().filter(type::isInstance).map(type::cast)
                .filter(e -> e.getEntitlement().getId().equals(entitlementId)).toList();
    }

    private <T extends GenericEntitlementEvent> T awaitEvent(Class<T> type, String entitlementId) {
        await().atMost(WAIT).until(() -> !eventsFor(type, entitlementId).isEmpty());
        return eventsFor(type, entitlementId).getFirst();
    }
}
