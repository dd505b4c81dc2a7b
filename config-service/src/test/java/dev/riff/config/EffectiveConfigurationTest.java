package dev.riff.config;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EffectiveConfigurationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void channelOverridesWinAndNullsInheritFromTheServer() throws Exception {
        String guild = Ids.snowflake();
        String channel = Ids.snowflake();
        given().contentType("application/json").body("{\"volumeLimit\": 90, \"maxQueueSize\": 40}")
                .patch("/api/v1/guilds/" + guild + "/server-configuration").then().statusCode(200);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into channel_configuration (id, guild_id, channel_id, music_enabled, volume_limit) values (?, ?, ?, false, 30)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, guild);
            insert.setString(3, channel);
            insert.executeUpdate();
        }

        given().queryParam("channel", channel).get("/api/v1/guilds/" + guild + "/effective-configuration").then()
                .statusCode(200)
                .body("values.volumeLimit", equalTo(30)).body("sources.volumeLimit", equalTo("channel"))
                .body("values.musicEnabled", equalTo(false)).body("sources.musicEnabled", equalTo("channel"))
                .body("values.maxQueueSize", equalTo(40)).body("sources.maxQueueSize", equalTo("server"));

        given().queryParam("channel", Ids.snowflake()).get("/api/v1/guilds/" + guild + "/effective-configuration").then()
                .statusCode(200)
                .body("values.volumeLimit", equalTo(90)).body("values.musicEnabled", equalTo(true))
                .body("sources.musicEnabled", equalTo("default"));
    }

    @Test
    void unknownGuildGetsTheDefaults() {
        given().get("/api/v1/guilds/" + Ids.snowflake() + "/effective-configuration").then().statusCode(200)
                .body("values.volumeLimit", equalTo(100)).body("sources.volumeLimit", equalTo("default"));
    }

    @Test
    void channelMustBeASnowflake() {
        given().queryParam("channel", "general").get("/api/v1/guilds/" + Ids.snowflake() + "/effective-configuration").then()
                .statusCode(400).body("errors[0].field", equalTo("channelId"));
    }
}
