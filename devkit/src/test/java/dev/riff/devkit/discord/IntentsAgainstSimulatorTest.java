package dev.riff.devkit.discord;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import org.junit.jupiter.api.Test;

/**
 * The simulator sends an intent's events only to a session that asked for it, as Discord does: two
 * unmodified JDA shards, one with GUILD_VOICE_STATES and one without, each see a member join voice in
 * their guild; only the first is told. The second is then sent a channel it may see (GUILDS), which
 * arrives after anything sent before it, so its silence about the voice state is not a matter of time.
 */
class IntentsAgainstSimulatorTest {

    @Test
    void voiceStatesReachOnlyTheSessionThatAskedForThem() {
        try (DiscordSimulator simulator = DiscordSimulator.start(0, "test-token", "1100000000000000042", Duration.ofMillis(1500))) {
            DiscordState.Guild listening = guildOnShard(simulator, 0);
            DiscordState.Guild deaf = guildOnShard(simulator, 1);
            List<String> toldListening = new CopyOnWriteArrayList<>();
            List<String> toldDeaf = new CopyOnWriteArrayList<>();
            JDA withVoiceStates = shard(simulator, 0, EnumSet.of(GatewayIntent.GUILD_VOICE_STATES), toldListening);
            JDA withoutVoiceStates = shard(simulator, 1, EnumSet.noneOf(GatewayIntent.class), toldDeaf);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> withVoiceStates.getStatus() == JDA.Status.CONNECTED
                        && withoutVoiceStates.getStatus() == JDA.Status.CONNECTED);
                String heard = simulator.addMember(listening.id, "heard", List.of()).id();
                String unheard = simulator.addMember(deaf.id, "unheard", List.of()).id();
                simulator.moveToVoice(deaf.id, unheard, simulator.state().channelNamed(deaf.id, "Music").id());
                simulator.moveToVoice(listening.id, heard, simulator.state().channelNamed(listening.id, "Music").id());

                await().atMost(Duration.ofSeconds(10)).until(() -> toldListening.contains(heard));
                String channel = simulator.addTextChannel(deaf.id, "after-the-move").id();
                await().atMost(Duration.ofSeconds(10)).until(() -> withoutVoiceStates.getTextChannelById(channel) != null);
                assertEquals(List.of(), toldDeaf, "no VOICE_STATE_UPDATE without GUILD_VOICE_STATES");
                assertTrue(simulator.gateway().events().stream().filter(e -> e.kind().equals("identify"))
                        .anyMatch(e -> e.payload().path("intents").asLong() == 1), "JDA asked for GUILDS alone");
            } finally {
                withVoiceStates.shutdownNow();
                withoutVoiceStates.shutdownNow();
            }
        }
    }

    private static DiscordState.Guild guildOnShard(DiscordSimulator simulator, int shard) {
        while (true) {
            DiscordState.Guild guild = simulator.addGuild("Shard " + shard, "owner");
            if (Snowflakes.shardOf(guild.id, 2) == shard) {
                return guild;
            }
        }
    }

    private static JDA shard(DiscordSimulator simulator, int shard, EnumSet<GatewayIntent> intents, List<String> toldOfVoice) {
        return SimulatorShards.single(simulator, "test-token", intents)
                // The test reads the raw events; what JDA would cache from them plays no part.
                .disableCache(EnumSet.allOf(CacheFlag.class))
                .useSharding(shard, 2)
                // What arrived on the wire, whatever JDA then does with it.
                .setRawEventsEnabled(true)
                .addEventListeners(new ListenerAdapter() {
                    @Override
                    public void onRawGateway(RawGatewayEvent event) {
                        if (event.getType().equals("VOICE_STATE_UPDATE")) {
                            toldOfVoice.add(event.getPayload().getString("user_id"));
                        }
                    }
                })
                .build();
    }
}
