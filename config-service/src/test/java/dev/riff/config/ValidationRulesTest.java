package dev.riff.config;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.Setting;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every validation rule: refused with an RFC 9457 problem naming the field and why, and nothing changes. */
@QuarkusTest
class ValidationRulesTest {

    @ParameterizedTest(name = "server {0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "volumeLimit       | 0              | must be between 1 and 200",
            "volumeLimit       | 201            | must be between 1 and 200",
            "voteSkipThreshold | 0              | must be greater than 0 and at most 1",
            "voteSkipThreshold | -0.5           | must be greater than 0 and at most 1",
            "voteSkipThreshold | 1.01           | must be greater than 0 and at most 1",
            "maxQueueSize      | 0              | must be between 1 and 10000",
            "maxQueueSize      | 10001          | must be between 1 and 10000",
            "maxSongDuration   | 0              | must be between 1 and 86400 seconds",
            "maxSongDuration   | 86401          | must be between 1 and 86400 seconds",
            "autoplayQueueSize | 26             | must be between 1 and 25",
            "maxAudioQuality   | '\"ultra\"'    | must be one of low, standard, high, lossless",
            "autoplayMode      | '\"random\"'   | must be one of similar, history",
            "djRoleId          | '\"dj\"'       | must be a Discord snowflake id",
            "djRoleId          | '\"1234567\"'  | must be a Discord snowflake id",
            "prefix            | '\"\"'         | must be 1 to 5 characters",
            "prefix            | '\"!!!!!!\"'   | must be 1 to 5 characters",
            "prefix            | '\"a b\"'      | must not contain spaces",
            "language          | '\"english\"'  | must be a language tag like en, en-US or es-419",
            "language          | '\"en_US\"'    | must be a language tag like en, en-US or es-419",
            "language          | '\"EN-us\"'    | must be a language tag like en, en-US or es-419"})
    void serverSettingOutOfItsRuleIsRefusedAndChangesNothing(String field, String json, String reason) {
        String guild = Ids.snowflake();
        given().contentType("application/json").body("{\"" + field + "\": " + json + "}")
                .patch(server(guild)).then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("errors", hasSize(1))
                .body("errors[0].field", equalTo(field)).body("errors[0].reason", equalTo(reason));
        given().get(server(guild)).then().statusCode(200).header("ETag", "\"0\"").body("version", equalTo(0));
        given().get("/api/v1/guilds/" + guild + "/audit-log").then().statusCode(200).body("size()", equalTo(0));
    }

    @ParameterizedTest(name = "server {0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "volumeLimit       | 200            | 200",
            "voteSkipThreshold | 1              | 1.0",
            "voteSkipThreshold | 0.01           | 0.01",
            "maxAudioQuality   | '\"lossless\"' | lossless",
            "autoplayMode      | '\"history\"'  | history",
            "prefix            | '\"?!\"'       | ?!",
            "language          | '\"es-419\"'   | es-419",
            "language          | '\"pt-BR\"'    | pt-BR"})
    void valuesAtTheEdgesOfEachRuleAreAccepted(String field, String json, String stored) {
        String guild = Ids.snowflake();
        given().contentType("application/json").body("{\"" + field + "\": " + json + "}")
                .patch(server(guild)).then().statusCode(200).header("ETag", "\"1\"");
        given().get(server(guild)).then().statusCode(200).body(field + ".toString()", equalTo(stored));
    }

    @ParameterizedTest(name = "channel {0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "volumeLimit     | 0                | must be between 1 and 200",
            "maxQueueSize    | 10001            | must be between 1 and 10000",
            "maxSongDuration | 86401            | must be between 1 and 86400 seconds",
            "inherit[0]      | '[\"prefix\"]'   | must name a channel setting"})
    void channelSettingOutOfItsRuleIsRefusedAndChangesNothing(String field, String json, String reason) {
        String path = "/api/v1/guilds/" + Ids.snowflake() + "/channels/" + Ids.snowflake() + "/configuration";
        String property = field.replace("[0]", "");
        given().contentType("application/json").body("{\"" + property + "\": " + json + "}")
                .patch(path).then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasSize(1)).body("errors[0].field", equalTo(field)).body("errors[0].reason", equalTo(reason));
        given().get(path).then().statusCode(200).header("ETag", "\"0\"").body("volumeLimit", nullValue());
    }

    @Test
    void settingsAreRefusedWhereTheyDoNotApply() {
        String guild = Ids.snowflake();
        given().contentType("application/json").body("{\"musicEnabled\": false}").patch(server(guild)).then().statusCode(400)
                .body("errors[0].field", equalTo("musicEnabled")).body("errors[0].reason", equalTo("can only be set per channel"));
        String channel = "/api/v1/guilds/" + guild + "/channels/" + Ids.snowflake() + "/configuration";
        given().contentType("application/json").body("{\"prefix\": \"?\"}").patch(channel).then().statusCode(400)
                .body("errors[0].field", equalTo("prefix")).body("errors[0].reason", equalTo("applies to the whole server, not one channel"));
        given().get(server(guild)).then().statusCode(200).body("version", equalTo(0));
    }

    @Test
    void aNewGuildStartsFromTheCataloguesDefaults() throws Exception {
        var stored = CloudEventCodec.mapper().readTree(given().get(server(Ids.snowflake())).then().statusCode(200)
                .extract().asString());
        for (var setting : Setting.serverSettings()) {
            var value = stored.get(setting.key());
            var expected = setting.defaultValue();
            assertEquals(expected.isNumber() ? expected.decimalValue().stripTrailingZeros() : expected,
                    value.isNumber() ? value.decimalValue().stripTrailingZeros() : value, setting.key());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "guildId   | /api/v1/guilds/general/server-configuration",
            "guildId   | /api/v1/guilds/1234/effective-configuration",
            "channelId | /api/v1/guilds/123456789012345678/channels/music/configuration"})
    void idsInThePathMustBeSnowflakes(String field, String path) {
        given().get(path).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field)).body("errors[0].reason", equalTo("must be a Discord snowflake id"));
    }

    @Test
    void theActorMustBeASnowflakeAndTheChangeIsNotMade() {
        String guild = Ids.snowflake();
        given().contentType("application/json").header("X-Riff-Actor", "bob").body("{\"volumeLimit\": 50}")
                .patch(server(guild)).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("actorId")).body("errors[0].reason", equalTo("must be a Discord snowflake id"));
        given().get(server(guild)).then().body("volumeLimit", equalTo(100)).body("version", equalTo(0));
    }

    private static String server(String guild) {
        return "/api/v1/guilds/" + guild + "/server-configuration";
    }
}
