package dev.riff.playback.command;

import dev.riff.contracts.CommandOptions;
import dev.riff.playback.messaging.PlayerEvents;
import dev.riff.playback.repository.PlayerStateRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/** /volume: capped at the server's volume limit, and kept in the saved player. */
@ApplicationScoped
public class VolumeHandler implements CommandHandler {

    private final PlayerStateRepository states;
    private final PlayerEvents events;

    VolumeHandler(PlayerStateRepository states, PlayerEvents events) {
        this.states = states;
        this.events = events;
    }

    @Override
    public Set<String> names() {
        return Set.of("volume");
    }

    @Override
    public Class<? extends CommandOptions> optionsType() {
        return CommandOptions.Volume.class;
    }

    @Override
    public Uni<Outcome> handle(CommandContext context) {
        int requested = context.options(CommandOptions.Volume.class).percent();
        int volume = Math.min(requested, context.limits().volumeLimit());
        return context.once(() -> states.obtain(context.guildId())
                .invoke(saved -> saved.volume = volume)
                .call(events::stateChanged)
                .map(saved -> Outcome.done(volume < requested ? "volume-capped" : "volume", Map.of("volume", volume))
                        .then(() -> context.player().audio().setVolume(volume))));
    }
}
