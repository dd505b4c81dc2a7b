package dev.riff.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.riff.devkit.audio.DemoLibrary;
import dev.riff.devkit.audio.MediaServer;
import dev.riff.devkit.audio.ToneAnalysis;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.Interactions.Interaction;
import dev.riff.devkit.discord.VoiceServer;
import dev.riff.devkit.discord.dave.DaveListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The music path, across real processes: a member's /play of a locally served file goes from the
 * Discord simulator through gateway-service (JDA), Kafka and playback-service (lavaplayer), which
 * asks the gateway to join voice, connects to the simulated voice server and streams; the voice
 * server decrypts and decodes what it receives, and it is the file's 440 Hz tone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlayReachesVoiceIT {

    private MusicFleet fleet;

    @BeforeAll
    void start() throws IOException {
        fleet = new MusicFleet(1);
    }

    @AfterAll
    void stop() throws IOException {
        fleet.close();
    }

    @Test
    void aMemberPlaysAFileAndTheVoiceChannelHearsIt() {
        String url = fleet.media.add("tone.wav", MediaServer.wavTone(440, 20));
        DiscordState.Guild guild = fleet.discord.addGuild("Music lovers", "owner");
        String voiceChannel = fleet.discord.state().channelNamed(guild.id, "Music").id();
        String textChannel = fleet.discord.state().channelNamed(guild.id, "general").id();
        String bob = fleet.discord.addMember(guild.id, "bob", List.of()).id();
        fleet.discord.moveToVoice(guild.id, bob, voiceChannel);

        Interaction play = fleet.play(guild.id, textChannel, bob, url);
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.content(play).startsWith("Playing **tone.wav**"));
        assertEquals("Playing **tone.wav** (0:20).", fleet.content(play));

        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.discord.voice().call(guild.id) != null
                && fleet.discord.voice().call(guild.id).frames.size() > 200);
        VoiceServer.Call call = fleet.discord.voice().call(guild.id);
        assertEquals(voiceChannel, fleet.discord.state().guild(guild.id).voiceStates.get(fleet.discord.state().botUser().id()).channelId(),
                "the bot joined the member's voice channel");
        short[] pcm = call.monoPcm();
        short[] steady = Arrays.copyOfRange(pcm, 48_000, Math.min(pcm.length, 48_000 * 3));
        assertEquals(440, ToneAnalysis.dominantFrequency(steady, 48_000, 100, 2000), 2);
        assertTrue(ToneAnalysis.rms(steady) > 2000, "audible");
    }

    /** A track whose title pings everyone is shown as text: the reply the bot sends allows no mention. */
    @Test
    void aTrackTitledEveryonePingsNobody() {
        String url = fleet.media.add("@everyone.wav", MediaServer.wavTone(440, 2));
        DiscordState.Guild guild = fleet.discord.addGuild("Mentions", "owner");
        String bob = fleet.discord.addMember(guild.id, "bob", List.of()).id();
        fleet.discord.moveToVoice(guild.id, bob, fleet.discord.state().channelNamed(guild.id, "Music").id());
        Interaction play = fleet.play(guild.id, fleet.discord.state().channelNamed(guild.id, "general").id(), bob, url);
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.content(play).contains("@everyone.wav"));
        var edit = fleet.discord.rest().requests().stream()
                .filter(r -> r.method().equals("PATCH") && r.body() != null && r.body().path("content").asText().contains("@everyone.wav"))
                .findFirst().orElseThrow(() -> new AssertionError("the reply's edit was not recorded"));
        var allowed = edit.body().path("allowed_mentions");
        assertTrue(allowed.path("parse").isArray() && allowed.path("parse").isEmpty(), "no mention is parsed: " + edit.body());
    }

    /**
     * Out of the box, with no internet and no trusted host: a search for the demo library's tracks
     * finds them through the demo source, in each of its containers (Ogg Opus, MP3, WAV), and the
     * member in the channel hears them decrypted end to end. The library is on loopback, which a
     * member's own link may not reach.
     */
    @Test
    void theDemoLibraryPlaysOfflineInEachFormatAndBobHearsIt() {
        record Demo(String query, String title, String format) {
        }
        List<Demo> demos = List.of(new Demo("demo", "Riff Demo Tune", "opus"),
                new Demo("chord progression", "Chord Progression in C", "mp3"),
                new Demo("concert a", "Concert A (440 Hz)", "wav"));
        assertEquals(List.of("opus", "mp3", "wav", "wav"), fleet.demoLibrary.tracks().stream().map(DemoLibrary.Track::format).toList(),
                "the library has a track in each format (MP3 needs lame, which ./fleet installs)");
        for (Demo demo : demos) {
            DiscordState.Guild guild = fleet.discord.addGuild("Demo " + demo.format(), "owner");
            String voiceChannel = fleet.discord.state().channelNamed(guild.id, "Music").id();
            String bob = fleet.discord.addMember(guild.id, "bob", List.of()).id();
            fleet.discord.moveToVoice(guild.id, bob, voiceChannel);
            DaveListener bobHears = fleet.discord.voice().listen(guild.id, voiceChannel, Long.parseLong(bob));
            Interaction play = fleet.play(guild.id, fleet.discord.state().channelNamed(guild.id, "general").id(), bob, demo.query());
            await().atMost(Duration.ofSeconds(30)).until(() -> fleet.content(play).startsWith("Playing **" + demo.title() + "**"));
            await().atMost(Duration.ofSeconds(30)).until(() -> bobHears.heard.size() > 150);
            short[] pcm = bobHears.monoPcm();
            short[] lastSecond = Arrays.copyOfRange(pcm, pcm.length - 48_000, pcm.length);
            assertTrue(ToneAnalysis.rms(lastSecond) > 1000, demo.title() + " is audible");
            if (demo.format().equals("wav")) {
                assertEquals(440, ToneAnalysis.dominantFrequency(lastSecond, 48_000, 100, 2000), 2);
            }
            bobHears.close();
        }

        // The library's own address, linked by a member, is loopback like any other: refused.
        DiscordState.Guild guild = fleet.discord.addGuild("Demo link", "owner");
        String bob = fleet.discord.addMember(guild.id, "bob", List.of()).id();
        fleet.discord.moveToVoice(guild.id, bob, fleet.discord.state().channelNamed(guild.id, "Music").id());
        var options = dev.riff.devkit.discord.DiscordJson.MAPPER.createArrayNode();
        options.addObject().put("name", "query").put("type", 3).put("value", fleet.demoLibrary.url() + "/concert-a.wav");
        String refusal = await().atMost(Duration.ofSeconds(30)).until(() -> {
            Interaction attempt = fleet.discord.interactions().command(guild.id,
                    fleet.discord.state().channelNamed(guild.id, "general").id(), bob, "play", options);
            fleet.discord.deliver(attempt);
            await().atMost(Duration.ofSeconds(10)).until(() -> attempt.callback != null);
            return attempt.callback.path("data").path("content").asText();
        }, content -> content.contains("private network"));
        assertEquals("That URL points into a private network, so I won't fetch it.", refusal);
    }

    /**
     * No silent downgrade through the whole fleet: when the voice gateway cannot use the bot's key
     * package it ends the bot's connection (4002); the playback node reports the failed handshake in
     * its stats, and bob, a DAVE member of the call, receives not one unencrypted frame.
     */
    @Test
    void aRefusedDaveHandshakeIsReportedByTheNodeAndNothingPlainReachesTheCall() {
        String url = fleet.media.add("refused.wav", MediaServer.wavTone(440, 20));
        DiscordState.Guild guild = fleet.discord.addGuild("Refused handshake", "owner");
        String voiceChannel = fleet.discord.state().channelNamed(guild.id, "Music").id();
        String textChannel = fleet.discord.state().channelNamed(guild.id, "general").id();
        String bob = fleet.discord.addMember(guild.id, "bob", List.of()).id();
        fleet.discord.moveToVoice(guild.id, bob, voiceChannel);
        DaveListener bobHears = fleet.discord.voice().listen(guild.id, voiceChannel, Long.parseLong(bob));
        fleet.discord.voice().dave(guild.id, voiceChannel).treatKeyPackagesAsUnreadable(Long.parseLong(fleet.discord.state().botUser().id()));
        long failuresBefore = daveFailures();

        fleet.play(guild.id, textChannel, bob, url);
        await().atMost(Duration.ofSeconds(30)).until(() -> daveFailures() > failuresBefore);

        VoiceServer.Call call = fleet.discord.voice().call(guild.id);
        assertTrue(call == null || call.frames.isEmpty(), "the voice server received no unencrypted audio frame");
        assertEquals(0, bobHears.heard.size(), "bob heard nothing");
    }

    /** Failed DAVE handshakes across the playback nodes, from their stats. */
    private long daveFailures() {
        return fleet.playbackNodes.stream().mapToLong(node -> Http.get(node.url() + "/api/v1/node/stats").body().path("daveFailures").asLong()).sum();
    }

    /**
     * Discord's calls are end-to-end encrypted: the members in the channel are DAVE group members
     * with the bot, hear the tone only by decrypting it, keep hearing it as one joins and another
     * leaves mid-track (not one frame missed), and a receiver outside the group opens nothing.
     * How long the transitions take is a benchmark's business (docs/benchmarks.md), not this test's.
     */
    @Test
    void aPlayReachesADaveCallWhoseMembersHearItAcrossAJoinAndALeave() {
        String url = fleet.media.add("dave-tone.wav", MediaServer.wavTone(440, 30));
        DiscordState.Guild guild = fleet.discord.addGuild("Encrypted", "owner");
        String voiceChannel = fleet.discord.state().channelNamed(guild.id, "Music").id();
        String textChannel = fleet.discord.state().channelNamed(guild.id, "general").id();
        // The guarantee holds when every member says it is ready; the fallback timeout must not fire on a slow machine.
        fleet.discord.voice().dave(guild.id, voiceChannel).transitionTimeout(Duration.ofMinutes(2));
        String bob = fleet.discord.addMember(guild.id, "bob", List.of()).id();
        String carol = fleet.discord.addMember(guild.id, "carol", List.of()).id();
        fleet.discord.moveToVoice(guild.id, bob, voiceChannel);
        DaveListener bobHears = fleet.discord.voice().listen(guild.id, voiceChannel, Long.parseLong(bob));

        Interaction play = fleet.play(guild.id, textChannel, bob, url);
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.content(play).startsWith("Playing **dave-tone.wav**"));
        await().atMost(Duration.ofSeconds(30)).until(() -> bobHears.heard.size() > 150);
        VoiceServer.Call call = fleet.discord.voice().call(guild.id);
        assertTrue(call.protectedFrames.get() > 100, "the voice server forwarded protocol frames it cannot decode");
        DaveListener outsider = fleet.discord.voice().eavesdrop(guild.id, voiceChannel, 4242);

        fleet.discord.moveToVoice(guild.id, carol, voiceChannel);
        DaveListener carolHears = fleet.discord.voice().listen(guild.id, voiceChannel, Long.parseLong(carol));
        await().atMost(Duration.ofSeconds(15)).until(() -> carolHears.heard.size() > 100);
        fleet.discord.voice().hangUp(guild.id, Long.parseLong(bob));
        int carolBefore = carolHears.heard.size();
        await().atMost(Duration.ofSeconds(15)).until(() -> carolHears.heard.size() > carolBefore + 150);

        short[] pcm = carolHears.monoPcm();
        short[] lastSecond = Arrays.copyOfRange(pcm, pcm.length - 48_000, pcm.length);
        assertEquals(440, ToneAnalysis.dominantFrequency(lastSecond, 48_000, 100, 2000), 2);
        assertEquals(0, bobHears.framesMissed(), "bob heard every frame, in order, through carol's join");
        assertEquals(0, carolHears.framesMissed(), "carol heard every frame, in order, through bob's leave");
        assertTrue(outsider.handler().decryptor().failed.get() > 100, "the outsider received the frames");
        assertEquals(0, outsider.handler().decryptor().decrypted.get(), "and opened none");
    }

    @Test
    void aStuckTrackIsSkippedWithAReasonAndTheQueueGoesOn() throws Exception {
        byte[] wav = MediaServer.wavTone(440, 30);
        String stalling = fleet.media.addStalling("stalling.wav", wav, 48_000 * 4);
        String next = fleet.media.add("next.wav", MediaServer.wavTone(880, 20));
        DiscordState.Guild guild = fleet.discord.addGuild("Stuck", "owner");
        String voiceChannel = fleet.discord.state().channelNamed(guild.id, "Music").id();
        String textChannel = fleet.discord.state().channelNamed(guild.id, "general").id();
        String bob = fleet.discord.addMember(guild.id, "bob", List.of()).id();
        fleet.discord.moveToVoice(guild.id, bob, voiceChannel);
        fleet.play(guild.id, textChannel, bob, stalling);
        fleet.play(guild.id, textChannel, bob, next);

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            VoiceServer.Call call = fleet.discord.voice().call(guild.id);
            if (call == null || call.frames.size() < 100) {
                return false;
            }
            short[] pcm = call.monoPcm();
            return ToneAnalysis.dominantFrequency(Arrays.copyOfRange(pcm, pcm.length - 24_000, pcm.length), 48_000, 100, 2000) == 880;
        });
        try (var connection = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/riff_playback_test?user=riff_playback");
                var query = connection.prepareStatement("select skip_reason from playback_history where guild_id = ? and title = 'stalling.wav'")) {
            query.setString(1, guild.id);
            try (var rows = query.executeQuery()) {
                assertTrue(rows.next(), "the stuck play is in the history");
                assertEquals("stuck", rows.getString(1));
            }
        }
    }

    @Test
    void withAutoplayOnAnEmptyQueueGoesOnWithTheGuildsHistory() {
        String url = fleet.media.add("short.wav", MediaServer.wavTone(660, 3));
        DiscordState.Guild guild = fleet.discord.addGuild("Autoplay", "owner");
        String voiceChannel = fleet.discord.state().channelNamed(guild.id, "Music").id();
        String bob = fleet.discord.addMember(guild.id, "bob", List.of()).id();
        fleet.discord.moveToVoice(guild.id, bob, voiceChannel);
        io.restassured.RestAssured.given().baseUri(fleet.config.url()).auth().oauth2(Http.serviceToken()).contentType("application/json").body("{\"autoplayEnabled\": true}")
                .patch("/api/v1/guilds/" + guild.id + "/server-configuration").then().statusCode(200);

        fleet.play(guild.id, fleet.discord.state().channelNamed(guild.id, "general").id(), bob, url);
        // 3 s of music, then the queue is empty: autoplay plays the guild's history again.
        await().atMost(Duration.ofSeconds(40)).until(() -> fleet.discord.voice().call(guild.id) != null
                && fleet.discord.voice().call(guild.id).frames.size() > 8 * 50);
        short[] pcm = fleet.discord.voice().call(guild.id).monoPcm();
        short[] later = Arrays.copyOfRange(pcm, pcm.length - 48_000, pcm.length);
        assertEquals(660, ToneAnalysis.dominantFrequency(later, 48_000, 100, 2000), 2, "still the guild's music after its 3 s track ended");
    }
}
