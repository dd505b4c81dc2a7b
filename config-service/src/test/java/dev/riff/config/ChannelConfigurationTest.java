package dev.riff.config;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChannelConfigurationTest {

    @Test
    void channelOverridesApplyAndCanGoBackToInheriting() {
        String guild = Ids.snowflake();
        String channel = Ids.snowflake();
        String path = "/api/v1/guilds/" + guild + "/channels/" + channel + "/configuration";

        given().get(path).then().statusCode(200).header("ETag", "\"0\"").body("musicEnabled", nullValue());
        given().contentType("application/json").header("If-Match", "\"0\"").body("{\"musicEnabled\": false, \"volumeLimit\": 25}")
                .patch(path).then().statusCode(200).header("ETag", "\"1\"").body("musicEnabled", equalTo(false));
        given().queryParam("channel", channel).get("/api/v1/guilds/" + guild + "/effective-configuration").then()
                .body("values.musicEnabled", equalTo(false)).body("sources.musicEnabled", equalTo("channel"))
                .body("values.volumeLimit", equalTo(25));

        given().contentType("application/json").body("{\"inherit\": [\"musicEnabled\", \"volumeLimit\"]}")
                .patch(path).then().statusCode(200).header("ETag", "\"2\"").body("musicEnabled", nullValue());
        given().queryParam("channel", channel).get("/api/v1/guilds/" + guild + "/effective-configuration").then()
                .body("values.musicEnabled", equalTo(true)).body("sources.musicEnabled", equalTo("default"))
                .body("values.volumeLimit", equalTo(100));

        given().contentType("application/json").header("If-Match", "\"1\"").body("{\"djOnlyMode\": true}")
                .patch(path).then().statusCode(412).contentType("application/problem+json");
    }

    @Test
    void invalidChannelSettingsAreRefused() {
        String path = "/api/v1/guilds/" + Ids.snowflake() + "/channels/" + Ids.snowflake() + "/configuration";
        given().contentType("application/json").body("{\"volumeLimit\": 0, \"inherit\": [\"prefix\"]}")
                .patch(path).then().statusCode(400).contentType("application/problem+json")
                .body("errors.size()", equalTo(2));
        given().get("/api/v1/guilds/" + Ids.snowflake() + "/channels/general/configuration").then().statusCode(400);
    }
}
