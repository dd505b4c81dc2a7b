package dev.riff.gateway.service;

import java.util.Map;
import java.util.Optional;

/** Control buttons are commands too: each custom id maps to a command and its options. */
public final class ButtonCommands {

    public record ButtonCommand(String command, Map<String, Object> options) {
    }

    private ButtonCommands() {
    }

    public static Optional<ButtonCommand> of(String customId) {
        return switch (customId) {
            case ReplyRenderer.PAUSE -> Optional.of(new ButtonCommand("pause", Map.of()));
            case ReplyRenderer.RESUME -> Optional.of(new ButtonCommand("resume", Map.of()));
            case ReplyRenderer.SKIP -> Optional.of(new ButtonCommand("skip", Map.of()));
            case ReplyRenderer.STOP -> Optional.of(new ButtonCommand("stop", Map.of()));
            default -> customId.startsWith(ReplyRenderer.QUEUE_PAGE) && customId.substring(ReplyRenderer.QUEUE_PAGE.length()).matches("[0-9]{1,5}")
                    ? Optional.of(new ButtonCommand("queue", Map.of("page", Long.parseLong(customId.substring(ReplyRenderer.QUEUE_PAGE.length())))))
                    : Optional.empty();
        };
    }
}
