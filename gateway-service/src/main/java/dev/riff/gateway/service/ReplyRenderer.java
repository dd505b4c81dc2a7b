package dev.riff.gateway.service;

import dev.riff.contracts.CommandCompleted;
import java.util.Locale;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Message.MentionType;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/** Turns command outcomes into what a member sees: text, embeds and control buttons. */
public final class ReplyRenderer {

    /**
     * A title in a list (queue, history) is cut to {@value #LINE_TITLE} characters, so a page of ten stays
     * within an embed's 4,096 and a message's 2,000.
     */
    private static final int LINE_TITLE = 150;

    /** Custom ids of the control buttons; {@link ButtonCommands} maps them back to commands. */
    public static final String PAUSE = "np:pause", RESUME = "np:resume", SKIP = "np:skip", STOP = "np:stop", QUEUE_PAGE = "queue:page:",
            LYRICS_PAGE = "lyrics:page:";
    private static final int PROGRESS_CELLS = 20;

    private ReplyRenderer() {
    }

    public static MessageEditData text(String content) {
        return edit().setContent(content).setComponents().setEmbeds().build();
    }

    /** Text with one link button (checkout, the customer portal). */
    public static MessageEditData link(String content, String label, String url) {
        return edit().setContent(content).setEmbeds().setComponents(ActionRow.of(Button.link(url, label))).build();
    }

    /**
     * Every edit pings nobody. Replies echo what members and track metadata say ("@everyone" in a
     * title), and Discord parses every mention of an edit that does not say otherwise.
     */
    private static MessageEditBuilder edit() {
        return new MessageEditBuilder().setAllowedMentions(EnumSet.noneOf(MentionType.class));
    }

    /** The worded result of a playback command; a refusal's words are what {@link #refusal} gives. */
    public static MessageEditData render(CommandCompleted result, Locale language) {
        Map<String, Object> details = result.details();
        if (result.ok() && "now-playing".equals(result.code())) {
            return nowPlaying(details, language);
        }
        if (result.ok() && "queue".equals(result.code())) {
            return queue(details, language);
        }
        if (result.ok() && "lyrics".equals(result.code())) {
            return lyrics(details, language);
        }
        if (result.ok() && "history".equals(result.code())) {
            return text(history(details, language));
        }
        return text(Wording.text(language, result.code(), details));
    }

    /** The words of a refused command, which the member is told privately. */
    public static String refusal(CommandCompleted result, Locale language) {
        return Wording.text(language, result.code(), result.details());
    }

    private static MessageEditData nowPlaying(Map<String, Object> details, Locale language) {
        long position = number(details.get("positionMs"));
        long duration = number(details.get("durationMs"));
        boolean paused = Boolean.TRUE.equals(details.get("paused"));
        Object title = details.get("title");
        String sung = details.get("lyricsLine") instanceof String line ? "\n\n🎤 " + line : "";
        EmbedBuilder embed = new EmbedBuilder()
                .setTitle(embedTitle(title == null ? word(language, "ui.unknown-track") : title.toString()), urlOrNull(details.get("url")))
                .setDescription(progressBar(position, duration) + "\n" + Wording.clock(position) + " / "
                        + (duration > 0 ? Wording.clock(duration) : word(language, "ui.live")) + sung)
                .setFooter(word(language, paused ? "ui.paused" : "ui.playing"));
        return edit().setContent(Wording.text(language, "now-playing", details)).setEmbeds(embed.build())
                .setComponents(ActionRow.of(paused ? Button.success(RESUME, word(language, "ui.resume")) : Button.secondary(PAUSE, word(language, "ui.pause")),
                        Button.primary(SKIP, word(language, "ui.skip")), Button.danger(STOP, word(language, "ui.stop"))))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static MessageEditData queue(Map<String, Object> details, Locale language) {
        int page = (int) number(details.getOrDefault("page", 1));
        int pages = Math.max(1, (int) number(details.getOrDefault("pages", 1)));
        List<Map<String, Object>> items = details.get("items") instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> item : items) {
            lines.add(number(item.get("position")) + ". " + cut(String.valueOf(item.get("title")), LINE_TITLE) + " ("
                    + Wording.clock(number(item.get("durationMs"))) + ")");
        }
        String summary = Wording.text(language, number(details.get("length")) == 0 ? "queue-empty" : "queue", details);
        EmbedBuilder embed = new EmbedBuilder().setTitle(word(language, "ui.queue-title"))
                .setDescription(lines.isEmpty() ? Wording.text(language, "queue-empty", details) : String.join("\n", lines))
                .setFooter(Wording.text(language, "ui.page", Map.of("page", page, "pages", pages)));
        return edit().setContent(summary).setEmbeds(embed.build())
                .setComponents(ActionRow.of(
                        Button.secondary(QUEUE_PAGE + (page - 1), word(language, "ui.previous")).withDisabled(page <= 1),
                        Button.secondary(QUEUE_PAGE + (page + 1), word(language, "ui.next")).withDisabled(page >= pages)))
                .build();
    }

    /** One page of lyrics in an embed, with the provider named (as its terms ask) and buttons to turn pages. */
    private static MessageEditData lyrics(Map<String, Object> details, Locale language) {
        int page = (int) number(details.getOrDefault("page", 1));
        int pages = Math.max(1, (int) number(details.getOrDefault("pages", 1)));
        String artist = String.valueOf(details.getOrDefault("artist", ""));
        String heading = details.get("title") + (artist.isBlank() ? "" : " — " + artist);
        EmbedBuilder embed = new EmbedBuilder()
                .setTitle(embedTitle(heading))
                .setDescription(String.valueOf(details.getOrDefault("text", "")))
                .setFooter(Wording.text(language, "ui.page", Map.of("page", page, "pages", pages)) + " · "
                        + Wording.text(language, "ui.lyrics-from", Map.of("source", details.getOrDefault("source", ""))));
        return edit().setContent(Wording.text(language, "lyrics", details)).setEmbeds(embed.build())
                .setComponents(ActionRow.of(
                        Button.secondary(LYRICS_PAGE + (page - 1), word(language, "ui.previous")).withDisabled(page <= 1),
                        Button.secondary(LYRICS_PAGE + (page + 1), word(language, "ui.next")).withDisabled(page >= pages)))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static String history(Map<String, Object> details, Locale language) {
        StringBuilder text = new StringBuilder(Wording.text(language, "history", details));
        List<Map<String, Object>> items = details.get("items") instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
        for (Map<String, Object> item : items) {
            text.append("\n• ").append(cut(String.valueOf(item.get("title")), LINE_TITLE));
            if (!Boolean.TRUE.equals(item.get("playedFully"))) {
                String reason = String.valueOf(item.getOrDefault("skipReason", ""));
                text.append(" (").append(Wording.find(language, "end." + reason, Map.of()).orElse(reason)).append(')');
            }
        }
        return text.toString();
    }

    /** Track metadata is the source's: an embed title holds 256 characters, and a longer one would fail the whole reply. */
    static String embedTitle(String title) {
        return cut(title, MessageEmbed.TITLE_MAX_LENGTH);
    }

    private static String cut(String text, int max) {
        return text.length() > max ? text.substring(0, max - 1) + "…" : text;
    }

    private static String word(Locale language, String key) {
        return Wording.text(language, key, Map.of());
    }

    /** A bar of {@value #PROGRESS_CELLS} cells with a knob where the track is. */
    static String progressBar(long position, long duration) {
        int knob = duration <= 0 ? 0 : (int) Math.min(PROGRESS_CELLS - 1, position * PROGRESS_CELLS / duration);
        StringBuilder bar = new StringBuilder();
        for (int i = 0; i < PROGRESS_CELLS; i++) {
            bar.append(i == knob ? "🔘" : "▬");
        }
        return bar.toString();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static String urlOrNull(Object url) {
        return url instanceof String s && (s.startsWith("http://") || s.startsWith("https://")) && s.length() <= MessageEmbed.URL_MAX_LENGTH
                && EmbedBuilder.URL_PATTERN.matcher(s).matches() ? s : null;
    }
}
