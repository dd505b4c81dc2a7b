package dev.riff.gateway.service;

import dev.riff.contracts.CommandCompleted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Message.MentionType;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/** Turns command outcomes into what a member sees: text, embeds and control buttons. */
public final class ReplyRenderer {

    /** Custom ids of the control buttons; {@link ButtonCommands} maps them back to commands. */
    public static final String PAUSE = "np:pause", RESUME = "np:resume", SKIP = "np:skip", STOP = "np:stop", QUEUE_PAGE = "queue:page:";
    private static final int PROGRESS_CELLS = 20;

    private ReplyRenderer() {
    }

    public static MessageEditData text(String content) {
        return edit().setContent(content).setComponents().setEmbeds().build();
    }

    /**
     * Every edit pings nobody. Replies echo what members and track metadata say ("@everyone" in a
     * title), and Discord parses every mention of an edit that does not say otherwise.
     */
    private static MessageEditBuilder edit() {
        return new MessageEditBuilder().setAllowedMentions(EnumSet.noneOf(MentionType.class));
    }

    public static MessageEditData render(CommandCompleted result) {
        Map<String, Object> details = result.details() == null ? Map.of() : result.details();
        if (result.ok() && "now-playing".equals(result.code())) {
            return nowPlaying(result.message(), details);
        }
        if (result.ok() && "queue".equals(result.code())) {
            return queue(result.message(), details);
        }
        return text(result.message());
    }

    private static MessageEditData nowPlaying(String message, Map<String, Object> details) {
        long position = number(details.get("positionMs"));
        long duration = number(details.get("durationMs"));
        boolean paused = Boolean.TRUE.equals(details.get("paused"));
        EmbedBuilder embed = new EmbedBuilder()
                .setTitle(String.valueOf(details.getOrDefault("title", "Unknown track")), urlOrNull(details.get("url")))
                .setDescription(progressBar(position, duration) + "\n" + clock(position) + " / " + (duration > 0 ? clock(duration) : "live"))
                .setFooter(paused ? "Paused" : "Playing");
        return edit().setContent(message).setEmbeds(embed.build())
                .setComponents(ActionRow.of(paused ? Button.success(RESUME, "Resume") : Button.secondary(PAUSE, "Pause"),
                        Button.primary(SKIP, "Skip"), Button.danger(STOP, "Stop")))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static MessageEditData queue(String message, Map<String, Object> details) {
        int page = (int) number(details.getOrDefault("page", 1));
        int pages = Math.max(1, (int) number(details.getOrDefault("pages", 1)));
        List<Map<String, Object>> items = (List<Map<String, Object>>) details.getOrDefault("items", List.of());
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> item : items) {
            lines.add(number(item.get("position")) + ". " + item.get("title") + " (" + clock(number(item.get("durationMs"))) + ")");
        }
        EmbedBuilder embed = new EmbedBuilder().setTitle("Queue")
                .setDescription(lines.isEmpty() ? "The queue is empty." : String.join("\n", lines))
                .setFooter("Page " + page + " of " + pages);
        return edit().setContent(message).setEmbeds(embed.build())
                .setComponents(ActionRow.of(
                        Button.secondary(QUEUE_PAGE + (page - 1), "Previous").withDisabled(page <= 1),
                        Button.secondary(QUEUE_PAGE + (page + 1), "Next").withDisabled(page >= pages)))
                .build();
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

    static String clock(long millis) {
        Duration duration = Duration.ofMillis(Math.max(0, millis));
        long hours = duration.toHours();
        return hours > 0 ? String.format("%d:%02d:%02d", hours, duration.toMinutesPart(), duration.toSecondsPart())
                : String.format("%d:%02d", duration.toMinutesPart(), duration.toSecondsPart());
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static String urlOrNull(Object url) {
        return url instanceof String s && (s.startsWith("http://") || s.startsWith("https://")) ? s : null;
    }
}
