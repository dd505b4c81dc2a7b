package dev.riff.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The settings catalogue's rules, read as a member types them and capped as the free tier allows. */
class SettingTest {

    @Test
    void valuesAreReadAsTheSettingsType() {
        assertEquals(json("true"), Setting.DJ_ONLY_MODE.parse(" On "));
        assertEquals(json("false"), Setting.MUSIC_ENABLED.parse("no"));
        assertEquals(json("\"maybe\""), Setting.MUSIC_ENABLED.parse("maybe"));
        assertEquals(json("150"), Setting.VOLUME_LIMIT.parse("150"));
        assertEquals(json("\"1.5\""), Setting.VOLUME_LIMIT.parse("1.5"));
        assertEquals(0.25, Setting.VOTE_SKIP_THRESHOLD.parse(".25").asDouble());
        assertEquals(json("\"123\""), Setting.PREFIX.parse("123"), "a prefix of digits stays text");
        assertEquals(json("\"223456789012345678\""), Setting.DJ_ROLE_ID.parse("223456789012345678"));
    }

    @Test
    void eachValueIsCheckedForItsTypeThenItsRule() {
        assertEquals(Optional.of("must be true or false"), Setting.DJ_ONLY_MODE.problem(json("\"maybe\"")));
        assertEquals(Optional.of("must be a whole number"), Setting.VOLUME_LIMIT.problem(json("80.5")));
        assertEquals(Optional.of("must be a whole number"), Setting.VOLUME_LIMIT.problem(json("4294967296")));
        assertEquals(Optional.of("must be between 1 and 200"), Setting.VOLUME_LIMIT.problem(json("201")));
        assertEquals(Optional.of("must be between 1 and 86400 seconds"), Setting.MAX_SONG_DURATION.problem(json("0")));
        assertEquals(Optional.of("must be greater than 0 and at most 1"), Setting.VOTE_SKIP_THRESHOLD.problem(json("0")));
        assertEquals(Optional.empty(), Setting.VOTE_SKIP_THRESHOLD.problem(json("1")));
        assertEquals(Optional.of("must be a string"), Setting.PREFIX.problem(json("5")));
        assertEquals(Optional.of("must not contain spaces"), Setting.PREFIX.problem(json("\"a b\"")));
        assertEquals(Optional.of("must be one of low, standard, high, lossless"), Setting.MAX_AUDIO_QUALITY.problem(json("\"ultra\"")));
        assertEquals(Optional.empty(), Setting.LANGUAGE.problem(json("\"es-419\"")));
    }

    @Test
    void theFreeTierLowersWhatIsAboveItsCapAndLeavesTheRest() {
        assertEquals(json("false"), Setting.SPOTIFY_ENABLED.capForFreeTier(json("true")));
        assertEquals(json("false"), Setting.SPOTIFY_ENABLED.capForFreeTier(json("false")));
        assertEquals(json("100"), Setting.MAX_QUEUE_SIZE.capForFreeTier(json("5000")));
        assertEquals(json("40"), Setting.MAX_QUEUE_SIZE.capForFreeTier(json("40")));
        assertEquals(json("\"standard\""), Setting.MAX_AUDIO_QUALITY.capForFreeTier(json("\"lossless\"")));
        assertEquals(json("\"low\""), Setting.MAX_AUDIO_QUALITY.capForFreeTier(json("\"low\"")));
        assertEquals(json("200"), Setting.VOLUME_LIMIT.capForFreeTier(json("200")), "no cap on volume");
    }

    @Test
    void theCatalogueHoldsTogether() {
        assertTrue(Setting.configurable().size() <= 25, "Discord allows 25 choices");
        for (Setting setting : Setting.values()) {
            assertEquals(setting, Setting.byKey(setting.key()).orElseThrow());
            JsonNode defaultValue = setting.defaultValue();
            assertTrue(defaultValue.isNull() || setting.problem(defaultValue).isEmpty(), setting + "'s default breaks its own rule");
            setting.freeTierCap().ifPresent(cap -> assertEquals(Optional.empty(), setting.problem(cap), setting + "'s cap breaks its rule"));
        }
        JsonNode defaults = CloudEventCodec.mapper().valueToTree(PlaybackLimits.DEFAULTS);
        for (var component : PlaybackLimits.class.getRecordComponents()) {
            if (component.getName().equals("subscriptionTier")) {
                // The server's plan travels with the limits (it words refusals); it is config-service's, not a setting.
                assertEquals("free", defaults.get("subscriptionTier").asText());
                continue;
            }
            Setting setting = Setting.byKey(component.getName()).orElseThrow(() -> new AssertionError(component.getName() + " is not a setting"));
            assertEquals(setting.defaultValue().asDouble(), json(defaults.get(setting.key()).toString()).asDouble());
            assertEquals(setting.defaultValue().asText(), defaults.get(setting.key()).asText(), setting.key());
        }
    }

    private static JsonNode json(String text) {
        try {
            return CloudEventCodec.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
