package dev.riff.config;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Input is taken only as written: each of these bodies is refused with 400 problem+json naming the
 * field, in the JSON's terms (no Java class names), and the server's configuration is unchanged.
 */
@QuarkusTest
class StrictInputTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a second JSON value       | {"volumeLimit": 80} {"volumeLimit": 90}    | body        | has content after the JSON value
            garbage after the JSON    | {"volumeLimit": 80} x                      | body        | is not valid JSON (line 1, column 21)
            duplicate keys            | {"volumeLimit": 80, "volumeLimit": 90}     | body        | has a field twice
            an unknown field          | {"volumeLimt": 80}                         | volumeLimt  | is not a known field
            a fraction for a number   | {"volumeLimit": 80.5}                      | volumeLimit | must be a whole number
            a string for a number     | {"volumeLimit": "80"}                      | volumeLimit | must be a whole number
            a string for a boolean    | {"djOnlyMode": "true"}                     | djOnlyMode  | must be true or false
            a number for a boolean    | {"djOnlyMode": 1}                          | djOnlyMode  | must be true or false
            a number for a string     | {"prefix": 5}                              | prefix      | must be a string
            NUL in a string           | {"prefix": "a\\u0000"}                     | prefix      | must not contain NUL or an unpaired surrogate
            half a surrogate pair     | {"prefix": "\\ud800"}                      | prefix      | must not contain NUL or an unpaired surrogate
            not JSON                  | {"volumeLimit":                            | body        | is not valid JSON (line 1, column 16)
            """)
    void aBodyNotAsWrittenIsRefusedAndChangesNothing(String what, String body, String field, String reason) {
        String guild = guild();
        given().contentType("application/json").body(body).patch(server(guild)).then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field)).body("errors[0].reason", equalTo(reason))
                .body(not(containsString("java."))).body(not(containsString("dev.riff")));
        given().get(server(guild)).then().statusCode(200).body("version", equalTo(0));
    }

    @Test
    void invalidUtf8IsRefusedNotRepaired() {
        String guild = guild();
        byte[] overlongSlash = "{\"prefix\": \"a\u0001b\"}".getBytes(StandardCharsets.UTF_8);
        overlongSlash[12] = (byte) 0xC0; // C0 AF: an overlong "/", which lenient decoders accept
        byte[] body = new byte[overlongSlash.length + 1];
        System.arraycopy(overlongSlash, 0, body, 0, 13);
        body[13] = (byte) 0xAF;
        System.arraycopy(overlongSlash, 13, body, 14, overlongSlash.length - 13);
        given().contentType("application/json").body(body).patch(server(guild)).then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("body"))
                .body("errors[0].reason", equalTo("is not valid UTF-8"));
        given().get(server(guild)).then().statusCode(200).body("prefix", not(containsString("/")));
    }

    @Test
    void nulInAQueryOrAPathIsRefused() {
        String guild = guild();
        given().urlEncodingEnabled(false).get("/api/v1/guilds/" + guild + "/audit-log?limit=1%00").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
        given().urlEncodingEnabled(false).get("/api/v1/feature-flags/a%00b/history").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("path"));
    }

    @Test
    void aSettingSetAndInheritedInOneChangeIsAContradictionAndNothingIsRecorded() {
        String guild = guild();
        String channel = "223456789012345678";
        String path = "/api/v1/guilds/" + guild + "/channels/" + channel + "/configuration";
        given().contentType("application/json").body("{\"volumeLimit\": 50, \"inherit\": [\"volumeLimit\"]}").patch(path).then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("inherit[0]"));
        given().contentType("application/json").body("{\"inherit\": [null]}").patch(path).then()
                .statusCode(400).body("errors[0].field", equalTo("inherit[0]"));
        given().get(path).then().statusCode(200).body("version", equalTo(0));
        given().get("/api/v1/guilds/" + guild + "/audit-log").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aFlagTargetThatIsNullIsRefused() {
        given().contentType("application/json").body("{\"enabled\": true, \"targets\": [null]}")
                .put("/api/v1/feature-flags/null-target-" + ThreadLocalRandom.current().nextInt(1_000_000)).then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("targets[0]"));
    }

    private static String guild() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 999_999_999_999_999_999L));
    }

    private static String server(String guild) {
        return "/api/v1/guilds/" + guild + "/server-configuration";
    }
}
