package dev.riff.gateway.service;

import java.util.Map;
import java.util.Optional;

/** Control buttons are commands too: each custom id maps to a command and its options. */
public final class ButtonCommands {

    public record ButtonCommand(String command, Map<String, Object> options) {
    }

    private ButtonCommands() {
    }

    /** A page button: its prefix, then the page number. */
    private static Optional<ButtonCommand> page(String customId, String prefix, String command) {
        return customId.startsWith(prefix) && customId.substring(prefix.length()).matches("[0-9]{1,5}")
                ? Optional.of(new ButtonCommand(command, Map.of("page", Long.parseLong(customId.substring(prefix.length())))))
                : Optional.empty();
    }

    public static Optional<ButtonCommand> of(String customId) {
        return switch (customId) {
            case ReplyRenderer.PAUSE -> Optional.of(new ButtonCommand("pause", Map.of()));
            case ReplyRenderer.RESUME -> Optional.of(new ButtonCommand("resume", Map.of()));
            case ReplyRenderer.SKIP -> Optional.of(new ButtonCommand("skip", Map.of()));
            case ReplyRenderer.STOP -> Optional.of(new ButtonCommand("stop", Map.of()));
            default -> page(customId, ReplyRenderer.QUEUE_PAGE, "queue").or(() -> page(customId, ReplyRenderer.LYRICS_PAGE, "lyrics"));
        };
    }
}
