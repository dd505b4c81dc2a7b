package dev.riff.playback.service;

import dev.riff.contracts.CommandOptions;
import dev.riff.contracts.PlaybackCommand;
import dev.riff.playback.command.CommandContext;
import dev.riff.playback.command.CommandHandler;
import dev.riff.playback.command.CommandHandlers;
import dev.riff.playback.command.Outcome;
import dev.riff.playback.messaging.PlayerEvents;
import dev.riff.playback.player.GuildAudioPlayer;
import dev.riff.playback.player.GuildPlayers;
import dev.riff.support.reactive.OnVertxContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Carries out a guild's playback commands in its lane: finds the handler by name, reads the options
 * as its type, and applies the change with its result in one transaction, once per command id.
 * What the change does to the live player happens after the commit, still in the lane.
 */
@ApplicationScoped
public class PlaybackService {

    private final CommandHandlers handlers;
    private final GuildPlayers players;
    private final PlayerEvents events;
    private final OnVertxContext vertx;

    PlaybackService(CommandHandlers handlers, GuildPlayers players, PlayerEvents events, OnVertxContext vertx) {
        this.handlers = handlers;
        this.players = players;
        this.events = events;
        this.vertx = vertx;
    }

    public Uni<Void> command(PlaybackCommand command) {
        GuildAudioPlayer player = players.obtain(command.guildId());
        return player.serially(() -> dispatch(command, player).invoke(outcome -> {
            if (outcome != null) {
                outcome.afterCommit().run();
            }
        })).replaceWithVoid();
    }

    private Uni<Outcome> dispatch(PlaybackCommand command, GuildAudioPlayer player) {
        CommandContext.Once once = change -> vertx.transaction(() -> firstTime(command).chain(first -> !first ? Uni.createFrom().nullItem()
                : change.get().call(outcome -> events.commandCompleted(command.commandId(), command.guildId(), outcome.ok(),
                        outcome.code(), outcome.details()))));
        CommandHandler handler = handlers.find(command.command()).orElse(null);
        if (handler == null) {
            return once.apply(() -> Uni.createFrom().item(Outcome.refused("unknown-command", Map.of("command", command.command()))));
        }
        CommandOptions options;
        try {
            options = command.options(handler.optionsType());
        } catch (IllegalArgumentException invalid) {
            return once.apply(() -> Uni.createFrom().item(Outcome.refused("invalid-options", Map.of("reason", invalid.getMessage()))));
        }
        return handler.handle(new CommandContext(command, options, player, once));
    }

    /**
     * A command set aside after its last try still gets an answer: the member is told it failed
     * instead of waiting on a reply that never comes. It is recorded as processed, so replaying it
     * from the dead-letter topic later cannot apply what the member was told failed.
     */
    public Uni<Void> failed(PlaybackCommand command) {
        return vertx.transaction(() -> firstTime(command).chain(first -> !first ? Uni.createFrom().voidItem()
                : events.commandCompleted(command.commandId(), command.guildId(), false, "internal-error", Map.of())));
    }

    private Uni<Boolean> firstTime(PlaybackCommand command) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("insert into processed_command (command_id) values (:id) on conflict do nothing")
                .setParameter("id", command.commandId()).executeUpdate()).map(inserted -> inserted == 1);
    }
}
