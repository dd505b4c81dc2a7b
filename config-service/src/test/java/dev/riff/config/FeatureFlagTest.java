package dev.riff.config;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FeatureFlagTest {

    @Test
    void percentageRolloutsAreStableAndGrowWithoutDroppingAnyone() {
        String flag = "flag-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> guilds = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            guilds.add(Ids.snowflake());
        }
        put(flag, "{\"enabled\": true, \"rolloutPercentage\": 20}");
        List<String> at20 = guilds.stream().filter(g -> enabled(flag, g)).toList();
        assertEquals(at20, guilds.stream().filter(g -> enabled(flag, g)).toList(), "the same inputs give the same answers");
        assertTrue(at20.size() > 20 && at20.size() < 60, "about 20% of 200: " + at20.size());

        put(flag, "{\"enabled\": true, \"rolloutPercentage\": 50}");
        List<String> at50 = guilds.stream().filter(g -> enabled(flag, g)).toList();
        assertTrue(at50.containsAll(at20), "a guild inside the rollout stays inside as it grows");
        assertTrue(at50.size() > at20.size());
    }

    @Test
    void targetsGuildOverridesAndTheGlobalSwitch() {
        String flag = "flag-" + UUID.randomUUID().toString().substring(0, 8);
        String target = Ids.snowflake();
        String other = Ids.snowflake();
        put(flag, "{\"enabled\": true, \"rolloutPercentage\": 0, \"targets\": [\"" + target + "\"]}");
        evaluation(flag, target).body("enabled", equalTo(true)).body("reason", equalTo("target"));
        evaluation(flag, other).body("enabled", equalTo(false)).body("reason", equalTo("rollout-0"));

        given().contentType("application/json").body("{\"enabled\": true}")
                .put("/api/v1/feature-flags/" + flag + "/guilds/" + other).then().statusCode(200);
        evaluation(flag, other).body("enabled", equalTo(true)).body("reason", equalTo("guild-override"));

        put(flag, "{\"enabled\": false}");
        evaluation(flag, target).body("enabled", equalTo(false)).body("reason", equalTo("disabled"));
        evaluation("never-defined", target).body("enabled", equalTo(false)).body("reason", equalTo("unknown-flag"));
    }

    @Test
    void everyChangeIsKeptInTheFlagsHistoryNewestFirst() {
        String flag = "flag-" + UUID.randomUUID().toString().substring(0, 8);
        String guild = Ids.snowflake();
        given().contentType("application/json").header("X-Riff-Actor", "222222222222222222").body("{\"enabled\": true, \"rolloutPercentage\": 10}")
                .put("/api/v1/feature-flags/" + flag).then().statusCode(200);
        given().contentType("application/json").body("{\"enabled\": false}")
                .put("/api/v1/feature-flags/" + flag + "/guilds/" + guild).then().statusCode(200);
        put(flag, "{\"enabled\": true, \"rolloutPercentage\": 30, \"targets\": [\"" + guild + "\"]}");

        given().get("/api/v1/feature-flags/" + flag + "/history").then().statusCode(200)
                .body("size()", equalTo(3))
                .body("[0].guildId", equalTo(null)).body("[0].version", equalTo(2)).body("[0].rolloutPercentage", equalTo(30))
                .body("[0].targets", equalTo(List.of(guild)))
                .body("[1].guildId", equalTo(guild)).body("[1].enabled", equalTo(false)).body("[1].version", equalTo(1))
                .body("[2].guildId", equalTo(null)).body("[2].version", equalTo(1)).body("[2].rolloutPercentage", equalTo(10))
                .body("[2].actorId", equalTo("222222222222222222"));
        given().queryParam("limit", 1).get("/api/v1/feature-flags/" + flag + "/history").then().body("size()", equalTo(1));
        given().get("/api/v1/feature-flags/never-changed/history").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void invalidFlagsAreRefused() {
        given().contentType("application/json").body("{\"enabled\": true, \"rolloutPercentage\": 101, \"targets\": [\"abc\"]}")
                .put("/api/v1/feature-flags/Bad_Name").then().statusCode(400).contentType("application/problem+json")
                .body("errors.size()", equalTo(3));
    }

    private static void put(String flag, String body) {
        given().contentType("application/json").body(body).put("/api/v1/feature-flags/" + flag).then().statusCode(200);
    }

    private static boolean enabled(String flag, String guild) {
        return evaluation(flag, guild).extract().path("enabled");
    }

    private static io.restassured.response.ValidatableResponse evaluation(String flag, String guild) {
        return given().queryParam("guild", guild).get("/api/v1/feature-flags/" + flag + "/evaluation").then().statusCode(200);
    }
}
