package dev.riff.gateway.service;

import dev.riff.gateway.domain.Reply;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every reply's words, from the replies bundle (messages/replies*.properties) of the guild's
 * language, English where a language lacks a key. A template names its values: {@code {title}},
 * or with a format, {@code {durationMs:clock}} (m:ss) and {@code {durationMs:length}} (m:ss, or
 * "live" for 0). Values are inserted once and never read as templates themselves.
 */
public final class Wording {

    public static final Locale ENGLISH = Locale.ENGLISH;
    private static final String BUNDLE = "messages.replies";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)(?::([a-z]+))?}");
    private static final ResourceBundle.Control NO_JVM_LOCALE = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private Wording() {
    }

    /**
     * The language replies use: the server's {@code language} setting when an admin set one, else
     * Discord's locale for the guild, else English.
     */
    public static Locale language(String configuredLanguage, String discordLocale) {
        String tag = configuredLanguage != null && !configuredLanguage.isBlank() ? configuredLanguage : discordLocale;
        return tag == null || tag.isBlank() ? ENGLISH : Locale.forLanguageTag(tag);
    }

    public static String text(Locale language, Reply reply) {
        return text(language, reply.code(), reply.args());
    }

    public static String text(Locale language, String code, Map<String, Object> args) {
        return find(language, code, args).orElseGet(() -> find(language, "unknown-outcome", Map.of()).orElse(code));
    }

    /** The words for {@code code}, or empty when no bundle has the key. */
    public static Optional<String> find(Locale language, String code, Map<String, Object> args) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, language, NO_JVM_LOCALE);
        return template(bundle, code).map(template -> fill(bundle, template, args));
    }

    private static String fill(ResourceBundle bundle, String template, Map<String, Object> args) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder text = new StringBuilder();
        while (placeholder.find()) {
            Object value = args.get(placeholder.group(1));
            String shown = value == null ? "" : format(bundle, value, placeholder.group(2));
            placeholder.appendReplacement(text, Matcher.quoteReplacement(shown));
        }
        placeholder.appendTail(text);
        return text.toString();
    }

    private static Optional<String> template(ResourceBundle bundle, String code) {
        try {
            return Optional.of(bundle.getString(code));
        } catch (MissingResourceException missing) {
            return Optional.empty();
        }
    }

    private static String format(ResourceBundle bundle, Object value, String format) {
        if (format == null) {
            return String.valueOf(value);
        }
        long millis = value instanceof Number number ? number.longValue() : 0;
        return switch (format) {
            case "length" -> millis <= 0 ? bundle.getString("ui.live") : clock(millis);
            case "clock" -> clock(millis);
            default -> String.valueOf(value);
        };
    }

    /** m:ss, or h:mm:ss from an hour. */
    public static String clock(long millis) {
        Duration duration = Duration.ofMillis(Math.max(0, millis));
        long hours = duration.toHours();
        return hours > 0 ? String.format("%d:%02d:%02d", hours, duration.toMinutesPart(), duration.toSecondsPart())
                : String.format("%d:%02d", duration.toMinutesPart(), duration.toSecondsPart());
    }
}
