package dev.riff.playback.command;

import dev.riff.contracts.CommandOptions;
import dev.riff.playback.messaging.PlayerEvents;
import dev.riff.playback.repository.PlayerStateRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/**
 * /filter: a preset of Lavalink's filters (bass boost, nightcore, 8D, ...), kept in the saved player
 * so it goes on sounding after a restart or on the node that takes the guild over.
 */
@ApplicationScoped
public class FilterHandler implements CommandHandler {

    private final PlayerStateRepository states;
    private final PlayerEvents events;

    FilterHandler(PlayerStateRepository states, PlayerEvents events) {
        this.states = states;
        this.events = events;
    }

    @Override
    public Set<String> names() {
        return Set.of("filter");
    }

    @Override
    public Class<? extends CommandOptions> optionsType() {
        return CommandOptions.Filter.class;
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        String preset = context.options(CommandOptions.Filter.class).preset();
        return context.once(() -> states.obtain(context.guildId())
                .invoke(saved -> saved.filter = preset)
                .call(events::stateChanged)
                .map(saved -> Outcome.done(preset.equals("off") ? "filter-off" : "filter", Map.of("filter", preset))
                        .then(() -> context.player().applyFilter(preset))));
    }
}
