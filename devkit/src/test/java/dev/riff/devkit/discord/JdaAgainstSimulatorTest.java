package dev.riff.devkit.discord;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.riff.devkit.discord.DiscordState.Guild;
import dev.riff.devkit.discord.Interactions.Interaction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.channel.concrete.VoiceChannel;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.hooks.VoiceDispatchInterceptor;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real JDA client, unmodified, against the simulator: if JDA logs in, sees the guilds, registers
 * commands, answers interactions, survives gateway faults and sends voice state updates, the
 * simulator speaks Discord as JDA understands it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdaAgainstSimulatorTest {

    private DiscordSimulator simulator;
    private ShardManager shards;
    private Guild guild;
    private String memberId;
    private final List<String> voiceServerUpdates = new CopyOnWriteArrayList<>();
    private final AtomicInteger resumes = new AtomicInteger();
    private final AtomicInteger recreates = new AtomicInteger();

    @BeforeAll
    void connect() throws Exception {
        simulator = DiscordSimulator.start(0, "test-token", "1100000000000000042", Duration.ofMillis(1500));
        var state = simulator.state();
        guild = state.createGuild("Simulated Guild", state.createUser("owner"));
        memberId = state.createUser("listener").id();
        state.addMember(guild.id, state.user(memberId).orElseThrow(), List.of());
        state.createGuild("Second Guild", state.createUser("owner2"));
        simulator.rest().recommendedShards(2);

        shards = SimulatorShards.builder(simulator, "test-token")
                .setVoiceDispatchInterceptor(new VoiceDispatchInterceptor() {
                    @Override
                    public void onVoiceServerUpdate(VoiceServerUpdate update) {
                        voiceServerUpdates.add(update.getGuildId() + " " + update.getEndpoint() + " " + update.getSessionId());
                    }

                    @Override
                    public boolean onVoiceStateUpdate(VoiceStateUpdate update) {
                        return update.getChannel() != null;
                    }
                })
                .addEventListeners(new Bot())
                .build();
        // Shards identify one after another (max_concurrency 1, 5 s apart); wait for both.
        await().atMost(Duration.ofSeconds(30)).until(() -> shards.getShards().size() == 2
                && shards.getShards().stream().allMatch(shard -> shard.getStatus() == JDA.Status.CONNECTED));
    }

    @AfterAll
    void disconnect() {
        if (shards != null) {
            shards.shutdown();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    /** A minimal bot: defers and edits, answers autocomplete, updates on buttons. */
    private final class Bot extends ListenerAdapter {
        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            String query = event.getOption("query") == null ? "-" : event.getOption("query").getAsString();
            event.deferReply().queue(hook -> hook.editOriginal("Queued " + query)
                    .setComponents(ActionRow.of(Button.primary("skip", "Skip"))).queue());
        }

        @Override
        public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
            event.replyChoiceStrings(event.getFocusedOption().getValue() + " (live)").queue();
        }

        @Override
        public void onButtonInteraction(ButtonInteractionEvent event) {
            event.editMessage("Skipped by " + event.getUser().getName()).setComponents().queue();
        }

        @Override
        public void onSessionResume(SessionResumeEvent event) {
            resumes.incrementAndGet();
        }

        @Override
        public void onSessionRecreate(SessionRecreateEvent event) {
            recreates.incrementAndGet();
        }
    }

    /** Fault tests leave JDA resuming for a while; every test starts from both shards connected. */
    @org.junit.jupiter.api.BeforeEach
    void bothShardsConnected() {
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.gateway().connectedShards().size() == 2
                && shards.getShards().stream().allMatch(shard -> shard.getStatus() == JDA.Status.CONNECTED));
    }

    @Test
    void jdaLogsInWithTwoShardsAndSeesTheGuilds() {
        assertEquals(2, shards.getShardsTotal());
        assertEquals(2, simulator.gateway().connectedShards().size());
        var jdaGuild = shards.getGuildById(guild.id);
        assertNotNull(jdaGuild, "the guild arrived by GUILD_CREATE on its shard");
        assertEquals("Simulated Guild", jdaGuild.getName());
        assertEquals(1, jdaGuild.getTextChannels().size());
        assertEquals(1, jdaGuild.getVoiceChannels().size());
        assertEquals(guild.ownerId, jdaGuild.getOwnerId());
        int shardOfGuild = Snowflakes.shardOf(guild.id, 2);
        assertEquals(shardOfGuild, jdaGuild.getJDA().getShardInfo().getShardId());
    }

    @Test
    void commandIsRegisteredDeferredAndEdited() {
        registerPlay();
        String channelId = simulator.state().channelNamed(guild.id, "general").id();
        ArrayNode options = DiscordJson.MAPPER.createArrayNode();
        options.addObject().put("name", "query").put("type", 3).put("value", "lofi beats");
        Interaction interaction = simulator.interactions().command(guild.id, channelId, memberId, "play", options);
        assertTrue(simulator.deliver(interaction));

        await().atMost(Duration.ofSeconds(10)).until(() -> originalContent(interaction).equals("Queued lofi beats"));
        // Deferred before any slow work; the simulator, like Discord, refuses a callback after 3 s, so the edit proves it came in time.
        assertEquals(5, interaction.callbackType(), "deferred first");

        String messageId = interaction.originalMessageId;
        Interaction press = simulator.interactions().button(guild.id, channelId, memberId, messageId, "skip");
        simulator.deliver(press);
        await().atMost(Duration.ofSeconds(10)).until(() -> originalContent(interaction).equals("Skipped by listener"));
        assertEquals(7, press.callbackType());
    }

    @Test
    void autocompleteIsAnswered() {
        registerPlay();
        String channelId = simulator.state().channelNamed(guild.id, "general").id();
        ArrayNode options = DiscordJson.MAPPER.createArrayNode();
        options.addObject().put("name", "query").put("type", 3).put("value", "lof").put("focused", true);
        Interaction interaction = simulator.interactions().autocomplete(guild.id, channelId, memberId, "play", options);
        simulator.deliver(interaction);
        await().atMost(Duration.ofSeconds(10)).until(() -> interaction.callback != null);
        assertEquals(8, interaction.callbackType());
        assertEquals("lof (live)", interaction.callback.at("/data/choices/0/name").asText());
    }

    @Test
    void droppedConnectionIsResumedAndAnInteractionSentMeanwhileIsDelivered() {
        registerPlay();
        int before = resumes.get();
        simulator.gateway().dropConnections();
        String channelId = simulator.state().channelNamed(guild.id, "general").id();
        Interaction duringDrop = simulator.interactions().command(guild.id, channelId, memberId, "play", null);
        simulator.deliver(duringDrop);

        await().atMost(Duration.ofSeconds(30)).until(() -> resumes.get() >= before + 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> originalContent(duringDrop).equals("Queued -"));
        assertTrue(simulator.gateway().events().stream().anyMatch(e -> e.kind().equals("resume")));
    }

    @Test
    void reconnectAndMissedAcksAreSurvivedByResuming() {
        int before = resumes.get();
        simulator.gateway().sendReconnect();
        await().atMost(Duration.ofSeconds(15)).until(() -> resumes.get() >= before + 2);

        int beforeZombie = resumes.get();
        simulator.gateway().withholdHeartbeatAcks(true);
        try {
            // JDA declares the connection a zombie after two missed ACKs (1.5 s interval here) and resumes.
            await().atMost(Duration.ofSeconds(20)).until(() -> simulator.gateway().events().stream()
                    .filter(e -> e.kind().equals("resume")).count() > 0 && resumes.get() > beforeZombie);
        } finally {
            simulator.gateway().withholdHeartbeatAcks(false);
        }
    }

    @Test
    void invalidSessionLeadsToAFreshIdentify() {
        long identifiesBefore = simulator.gateway().events().stream().filter(e -> e.kind().equals("identify")).count();
        simulator.gateway().invalidateSessions();
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.gateway().events().stream()
                .filter(e -> e.kind().equals("identify")).count() >= identifiesBefore + 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.gateway().connectedShards().size() == 2);
    }

    @Test
    void rateLimitedRequestsAreRetriedByJda() {
        simulator.rest().rateLimitNext(1, 0.2);
        var commands = shards.getShards().getFirst().retrieveCommands().complete();
        assertNotNull(commands);
        assertTrue(simulator.rest().requests().stream().anyMatch(r -> r.status() == 429));
    }

    @Test
    void voiceConnectSendsOp4AndReceivesVoiceServerUpdate() {
        var jdaGuild = shards.getGuildById(guild.id);
        VoiceChannel music = jdaGuild.getVoiceChannels().getFirst();
        jdaGuild.getJDA().getDirectAudioController().connect(music);
        await().atMost(Duration.ofSeconds(10)).until(() -> voiceServerUpdates.stream().anyMatch(u -> u.startsWith(guild.id)));
        var op4 = simulator.gateway().events().stream().filter(e -> e.kind().equals("voice_state_update")).findFirst().orElseThrow();
        assertEquals(music.getId(), op4.payload().path("channel_id").asText());
        assertEquals(music.getId(), simulator.state().guild(guild.id).voiceStates.get(simulator.state().botUser().id()).channelId());
    }

    private void registerPlay() {
        if (simulator.state().globalCommands().stream().noneMatch(c -> "play".equals(c.get("name")))) {
            shards.getShards().getFirst().updateCommands()
                    .addCommands(Commands.slash("play", "Play a song").addOption(OptionType.STRING, "query", "What to play", false, true))
                    .complete();
        }
    }

    private String originalContent(Interaction interaction) {
        if (interaction.originalMessageId == null) {
            return "";
        }
        return simulator.state().message(interaction.channelId, interaction.originalMessageId)
                .map(m -> String.valueOf(m.body().getOrDefault("content", ""))).orElse("");
    }
}
