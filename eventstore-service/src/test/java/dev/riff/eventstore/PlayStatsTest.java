package dev.riff.eventstore;

import static dev.riff.eventstore.Streams.append;
import static dev.riff.eventstore.Streams.event;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.EventTypes;
import dev.riff.contracts.TrackEvent;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlayStatsTest {

    private record Play(String guild, Instant at, String track, String user) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void windowsCountPlaysTracksAndRequestersAndARebuildEqualsTheIncrementalResult() throws Exception {
        String guild = Streams.newGuildId();
        String other = Streams.newGuildId();
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(10, ChronoUnit.HOURS);
        Random random = new Random(3);
        List<Play> plays = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            plays.add(new Play(random.nextInt(4) == 0 ? other : guild, base.plusSeconds(random.nextInt(10 * 3600)),
                    "t" + random.nextInt(7), "u" + random.nextInt(4)));
        }
        // Batches of mixed events per guild player stream, as playback would publish them.
        for (int i = 0; i < plays.size(); i += 6) {
            Map<String, List<ObjectNode>> byGuild = new HashMap<>();
            for (Play play : plays.subList(i, Math.min(plays.size(), i + 6))) {
                byGuild.computeIfAbsent(play.guild(), g -> new ArrayList<>()).add(started(play));
                byGuild.get(play.guild()).add(event(EventTypes.QUEUE_CHANGED.name(), play.guild(), play.at(),
                        CloudEventCodec.mapper().createObjectNode().put("guildId", play.guild()).put("length", 0).put("change", "removed")));
            }
            byGuild.forEach((g, events) -> append("guild-player", g, null, events).then().statusCode(201));
        }

        Instant since = base.plus(2, ChronoUnit.HOURS);
        Instant until = base.plus(7, ChronoUnit.HOURS);
        List<Play> inWindow = plays.stream().filter(p -> p.guild().equals(guild) && !p.at().isBefore(since) && p.at().isBefore(until)).toList();
        JsonPath stats = stats(guild, since, until);
        assertEquals(inWindow.size(), stats.getInt("plays"));
        assertEquals(top(inWindow, Play::track), pairs(stats, "topTracks", "url", s -> s.replace("https://example.org/", "")));
        assertEquals(top(inWindow, Play::user), pairs(stats, "topRequesters", "userId", Function.identity()));
        assertEquals(plays.stream().filter(p -> p.guild().equals(other)).count(), stats(other, base, base.plus(1, ChronoUnit.DAYS)).getLong("plays"));

        List<String> incremental = projection();
        given().post("/api/v1/projections/guild-play-stats/rebuild").then().statusCode(200);
        assertEquals(incremental, projection(), "rebuilt from position zero");
        assertEquals(stats.getMap("$"), stats(guild, since, until).getMap("$"));
    }

    private static ObjectNode started(Play play) {
        return event(EventTypes.TRACK_STARTED.name(), play.guild(), play.at(), CloudEventCodec.mapper().valueToTree(
                new TrackEvent(play.guild(), "Title " + play.track(), "https://example.org/" + play.track(), "http", play.user(), 1000, 0, null)));
    }

    private static JsonPath stats(String guild, Instant since, Instant until) {
        return given().queryParam("since", since.toString()).queryParam("until", until.toString()).queryParam("top", 3)
                .get("/api/v1/guilds/" + guild + "/stats").then().statusCode(200).extract().jsonPath();
    }

    /** The top three by plays (ties by name), as "name=plays". */
    private static List<String> top(List<Play> plays, Function<Play, String> key) {
        return plays.stream().collect(Collectors.groupingBy(key, Collectors.counting())).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(3).map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static List<String> pairs(JsonPath stats, String list, String name, Function<String, String> simplify) {
        List<Map<String, Object>> rows = stats.getList(list);
        return rows.stream().map(r -> simplify.apply((String) r.get(name)) + "=" + r.get("plays")).toList();
    }

    private List<String> projection() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select * from guild_play_stats order by guild_id, hour, track_url, requested_by")) {
            while (result.next()) {
                rows.add(result.getString(1) + "|" + result.getObject(2) + "|" + result.getString(3) + "|"
                        + result.getString(4) + "|" + result.getString(5) + "|" + result.getLong(6));
            }
        }
        rows.sort(Comparator.naturalOrder());
        return rows;
    }
}
