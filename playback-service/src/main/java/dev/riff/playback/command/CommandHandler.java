package dev.riff.playback.command;

import dev.riff.contracts.CommandOptions;
import io.smallrye.mutiny.Uni;
import java.util.Set;

/** Carries out one or more playback commands, found by name; runs in the guild's lane. */
public interface CommandHandler {

    /** The slash command names this handler carries out. */
    Set<String> names();

    /** The type the command's options are read as before {@link #handle} (options that do not fit it are refused). */
    default Class<? extends CommandOptions> optionsType() {
        return CommandOptions.None.class;
    }

    /**
     * Carries the command out. The change and its result are made through {@link CommandContext#once},
     * in one transaction; network work (loading a track) happens before it.
     */
    Uni<Outcome> handle(CommandContext context);
}
