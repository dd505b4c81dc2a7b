package dev.riff.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The replies bundle: the language chosen, values inserted once, and every language naming the same values as English. */
class WordingTest {

    @Test
    void theServersLanguageWinsOverDiscordsAndEnglishIsTheLastResort() {
        assertEquals(Locale.forLanguageTag("de"), Wording.language("de", "fr"));
        assertEquals(Locale.forLanguageTag("fr"), Wording.language(null, "fr"));
        assertEquals(Wording.ENGLISH, Wording.language(" ", null));
    }

    @Test
    void aLanguageWithoutTheBundleOrTheKeyFallsBackToEnglish() {
        assertEquals("Paused.", Wording.text(Locale.forLanguageTag("ja"), "paused", Map.of()));
        assertEquals("Pausiert.", Wording.text(Locale.forLanguageTag("de-AT"), "paused", Map.of()));
        assertEquals(Wording.text(Wording.ENGLISH, "unknown-outcome", Map.of()), Wording.text(Wording.ENGLISH, "no-such-code", Map.of()));
    }

    @Test
    void valuesAreInsertedOnceAndNeverReadAsTemplates() {
        String text = Wording.text(Wording.ENGLISH, "skipped", Map.of("title", "{title} $1 \\\\ {durationMs:clock}"));
        assertEquals("Skipped **{title} $1 \\\\ {durationMs:clock}**.", text);
        assertEquals("Playing **x** (live).", Wording.text(Wording.ENGLISH, "playing", Map.of("title", "x", "durationMs", 0)));
        assertEquals("Playing **x** (1:01:01).", Wording.text(Wording.ENGLISH, "playing", Map.of("title", "x", "durationMs", 3_661_000)));
    }

    @Test
    void everyTranslationNamesOnlyValuesItsEnglishKeyHas() throws Exception {
        Properties english = load("messages/replies.properties");
        Properties german = load("messages/replies_de.properties");
        assertTrue(english.keySet().containsAll(german.keySet()), "German has no key English lacks");
        assertTrue(german.size() >= english.size() - 2, "German is complete enough to be used: " + german.size() + " of " + english.size());
        for (Object key : german.keySet()) {
            assertEquals(names(english.getProperty((String) key)), names(german.getProperty((String) key)), "values named by " + key);
        }
        assertFalse(english.isEmpty());
    }

    private static Set<String> names(String template) {
        Matcher placeholder = Pattern.compile("\\{([A-Za-z]+)").matcher(template);
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        while (placeholder.find()) {
            names.add(placeholder.group(1));
        }
        return names;
    }

    private static Properties load(String resource) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = WordingTest.class.getClassLoader().getResourceAsStream(resource)) {
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
