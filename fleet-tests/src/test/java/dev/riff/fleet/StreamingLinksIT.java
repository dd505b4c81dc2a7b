package dev.riff.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.riff.contracts.EventTypes;
import dev.riff.devkit.KafkaProbe;
import dev.riff.devkit.audio.DemoLibrary;
import dev.riff.devkit.audio.ToneAnalysis;
import dev.riff.devkit.discord.DiscordJson;
import dev.riff.devkit.discord.DiscordSimulator;
import dev.riff.devkit.discord.DiscordState;
import dev.riff.devkit.discord.Interactions.Interaction;
import dev.riff.devkit.discord.VoiceServer;
import dev.riff.devkit.streaming.AppleMusicSimulator;
import dev.riff.devkit.streaming.DeezerSimulator;
import dev.riff.devkit.streaming.SongCatalogue;
import dev.riff.devkit.streaming.SpotifySimulator;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Spotify links through the whole fleet: a premium server with Spotify on pastes a playlist link;
 * the playback node reads it from the Spotify simulator's Web API with client credentials, mirrors
 * its tracks to the devkit's demo library by ISRC (each when it comes up) and streams them to the
 * voice channel. The server's settings (Spotify off in one channel, explicit content not allowed)
 * and Spotify's rate limiting are honoured with replies that say why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamingLinksIT {

    private MusicFleet fleet;
    private DiscordState.Guild guild;
    private String text;
    private String member;

    @BeforeAll
    void start() throws IOException {
        fleet = new MusicFleet(1, true);
        guild = fleet.discord.addGuild("Spotify fans", "owner");
        text = fleet.discord.state().channelNamed(guild.id, "general").id();
        member = fleet.discord.addMember(guild.id, "erin", List.of()).id();
        fleet.discord.moveToVoice(guild.id, member, fleet.discord.state().channelNamed(guild.id, "Music").id());
        Http.patch(fleet.config.url() + "/api/v1/guilds/" + guild.id + "/server-configuration",
                "{\"spotifyEnabled\":true,\"allowExplicitContent\":false}");
        fleet.discord.grantEntitlement(DiscordSimulator.SKU_RIFF_PREMIUM, member, null, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> "active".equals(
                Http.get(fleet.billing.url() + "/api/v1/users/" + member + "/premium").body().path("status").asText()));
        Interaction activate = fleet.command(guild.id, text, member, "premium", subcommand("activate"));
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.content(activate).startsWith("Premium is on for this server"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(fleet.config.url() + "/api/v1/guilds/" + guild.id + "/effective-configuration")
                .body().path("values").path("spotifyEnabled").asBoolean());
    }

    @AfterAll
    void stop() throws IOException {
        fleet.close();
    }

    @Test
    @Order(1)
    void aPlaylistLinkIsMirroredByIsrcAndHeardInTheCall() {
        String playlist = SpotifySimulator.playlistId(SongCatalogue.MIX);
        Interaction play = fleet.play(guild.id, text, member, SpotifySimulator.link("playlist", playlist));
        fleet.answered(play);
        assertEquals("Queued 3 tracks from **Riff Devkit Mix**, starting with **Concert A (440 Hz)**.", fleet.everything(play).strip());

        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.discord.voice().call(guild.id) != null
                && fleet.discord.voice().call(guild.id).frames.size() > 150);
        VoiceServer.Call call = fleet.discord.voice().call(guild.id);
        short[] pcm = call.monoPcm();
        assertEquals(440, ToneAnalysis.dominantFrequency(Arrays.copyOfRange(pcm, pcm.length - 48_000, pcm.length), 48_000, 100, 2000), 2,
                "the playlist's first track, Concert A, played from the demo library's copy with the same ISRC");

        String tune = "GET /v1/tracks/" + SpotifySimulator.trackId(SongCatalogue.TUNE);
        assertEquals(1, fleet.spotify.requests().stream().filter(r -> r.startsWith("GET /v1/playlists/" + playlist)).count(),
                "the playlist is read once: " + fleet.spotify.requests());
        assertFalse(fleet.spotify.requests().contains(tune), "a queued track is not read before it comes up");
        Interaction skip = fleet.command(guild.id, text, member, "skip", DiscordJson.MAPPER.createArrayNode());
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.content(skip).startsWith("Skipped"));
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.spotify.requests().contains(tune));
    }

    @Test
    @Order(2)
    void explicitTracksAreRefusedWhereTheServerDoesNotAllowThem() {
        Interaction single = fleet.play(guild.id, text, member, SpotifySimulator.link("track", SpotifySimulator.trackId(SongCatalogue.EXPLICIT)));
        fleet.answered(single);
        assertTrue(fleet.everything(single).contains("**Language Warning** is marked explicit"), fleet.everything(single).strip());

        Interaction mixed = fleet.play(guild.id, text, member,
                SpotifySimulator.link("playlist", SpotifySimulator.playlistId(SongCatalogue.WITH_EXPLICIT)));
        fleet.answered(mixed);
        assertTrue(fleet.everything(mixed).startsWith("Queued 1 of the 2 tracks from **Mixed Company**"), fleet.everything(mixed).strip());
    }

    @Test
    @Order(3)
    void spotifysRateLimitIsWaitedOutWhenShortAndToldWhenLong() {
        fleet.spotify.rateLimitNext(1, 1);
        Interaction waited = fleet.play(guild.id, text, member, SpotifySimulator.link("track", SpotifySimulator.trackId(SongCatalogue.CHORDS)));
        fleet.answered(waited);
        assertTrue(fleet.everything(waited).startsWith("Queued **Chord Progression in C**"), fleet.everything(waited).strip());

        fleet.spotify.rateLimitNext(3, 120);
        Interaction limited = fleet.play(guild.id, text, member,
                SpotifySimulator.link("track", SpotifySimulator.trackId(SongCatalogue.CONCERT_A_LIVE)));
        fleet.answered(limited);
        assertTrue(fleet.everything(limited).contains("Spotify is limiting requests; try again in 120 seconds."), fleet.everything(limited).strip());
        fleet.spotify.rateLimitNext(0, 0);
    }

    @Test
    @Order(4)
    void aChannelWithSpotifyOffRefusesItWhileTheRestOfTheServerPlaysIt() {
        String quiet = fleet.discord.addTextChannel(guild.id, "no-spotify").id();
        Http.patch(fleet.config.url() + "/api/v1/guilds/" + guild.id + "/channels/" + quiet + "/configuration", "{\"spotifyEnabled\":false}");
        String link = SpotifySimulator.link("track", SpotifySimulator.trackId(SongCatalogue.TUNE));
        Interaction off = fleet.play(guild.id, quiet, member, link);
        fleet.answered(off);
        assertTrue(fleet.everything(off).contains("Spotify links are off here"), fleet.everything(off).strip());

        Interaction on = fleet.play(guild.id, text, member, link);
        fleet.answered(on);
        assertTrue(fleet.everything(on).startsWith("Queued **Riff Demo Tune**"), fleet.everything(on).strip());
    }

    @Test
    @Order(5)
    void aLinkToNothingSaysSo() {
        Interaction nothing = fleet.play(guild.id, text, member, SpotifySimulator.link("track", "0000000000000000000000"));
        fleet.answered(nothing);
        assertEquals("I couldn't load that: Spotify has nothing at that link.", fleet.everything(nothing).strip());
    }

    @Test
    @Order(6)
    void lyricsComeFromTheProvidersOnceAndFromTheCacheAfterAndFollowTheSong() {
        Interaction stop = fleet.command(guild.id, text, member, "stop", DiscordJson.MAPPER.createArrayNode());
        fleet.answered(stop);
        Interaction tune = fleet.play(guild.id, text, member, SpotifySimulator.link("track", SpotifySimulator.trackId(SongCatalogue.TUNE)));
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.content(tune).startsWith("Playing **Riff Demo Tune**"));
        awaitHeard();
        Interaction off = fleet.command(guild.id, text, member, "lyrics", DiscordJson.MAPPER.createArrayNode());
        fleet.answered(off);
        assertTrue(fleet.everything(off).contains("Lyrics are turned off"), fleet.everything(off));
        Http.patch(fleet.config.url() + "/api/v1/guilds/" + guild.id + "/server-configuration", "{\"lyricsEnabled\":true}");

        forgetCachedLyrics();
        long lrclibBefore = lrclibRequests();
        Interaction first = fleet.command(guild.id, text, member, "lyrics", DiscordJson.MAPPER.createArrayNode());
        await().atMost(Duration.ofSeconds(30)).until(() -> !fleet.content(first).isEmpty());
        assertEquals("Lyrics of **Riff Demo Tune**:", fleet.content(first));
        assertTrue(embed(first).path("description").asText().contains("Five notes round on pentatonic strings"), embed(first).toString());
        assertTrue(embed(first).path("footer").path("text").asText().endsWith("lyrics from lrclib"), embed(first).toString());
        assertEquals(1, lrclibRequests() - lrclibBefore, "the provider is asked once");

        Interaction again = fleet.command(guild.id, text, member, "lyrics", DiscordJson.MAPPER.createArrayNode());
        await().atMost(Duration.ofSeconds(30)).until(() -> !fleet.content(again).isEmpty());
        assertEquals("Lyrics of **Riff Demo Tune**:", fleet.content(again));
        assertEquals(1, lrclibRequests() - lrclibBefore, "then the cache answers: " + fleet.lyrics.requests());

        Interaction now = fleet.command(guild.id, text, member, "nowplaying", DiscordJson.MAPPER.createArrayNode());
        await().atMost(Duration.ofSeconds(30)).until(() -> embed(now).has("description"));
        assertTrue(embed(now).path("description").asText().contains("🎤 "), "the line being sung: " + embed(now));
    }

    @Test
    @Order(7)
    void aSongLrclibLacksGetsItsWordsFromTheSecondProvider() {
        Interaction stop = fleet.command(guild.id, text, member, "stop", DiscordJson.MAPPER.createArrayNode());
        fleet.answered(stop);
        Interaction chords = fleet.play(guild.id, text, member, SpotifySimulator.link("track", SpotifySimulator.trackId(SongCatalogue.CHORDS)));
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.content(chords).startsWith("Playing **Chord Progression in C**"));
        awaitHeard();
        Interaction lyrics = fleet.command(guild.id, text, member, "lyrics", DiscordJson.MAPPER.createArrayNode());
        await().atMost(Duration.ofSeconds(30)).until(() -> !fleet.content(lyrics).isEmpty());
        assertTrue(embed(lyrics).path("description").asText().startsWith("C to G and down to A minor"), embed(lyrics).toString());
        assertTrue(embed(lyrics).path("footer").path("text").asText().endsWith("lyrics from lyrics.ovh"), embed(lyrics).toString());
    }

    @Test
    @Order(8)
    void aDeezerPlaylistIsMirroredAndHeardAndItsQuotaWaitedOut() {
        Http.patch(fleet.config.url() + "/api/v1/guilds/" + guild.id + "/server-configuration", "{\"deezerEnabled\":true}");
        Interaction stop = fleet.command(guild.id, text, member, "stop", DiscordJson.MAPPER.createArrayNode());
        fleet.answered(stop);
        Interaction play = fleet.play(guild.id, text, member, DeezerSimulator.link("playlist", DeezerSimulator.playlistId(SongCatalogue.MIX)));
        fleet.answered(play);
        assertEquals("Queued 3 tracks from **Riff Devkit Mix**, starting with **Concert A (440 Hz)**.", fleet.everything(play).strip());
        awaitHeard();
        short[] pcm = fleet.discord.voice().call(guild.id).monoPcm();
        assertEquals(440, ToneAnalysis.dominantFrequency(Arrays.copyOfRange(pcm, pcm.length - 24_000, pcm.length), 48_000, 100, 2000), 2,
                "Deezer lists carry no ISRC: Concert A was found by title, artist and length");

        fleet.deezer.spendQuota(1);
        Interaction waited = fleet.play(guild.id, text, member, DeezerSimulator.link("track", DeezerSimulator.trackId(SongCatalogue.CHORDS)));
        fleet.answered(waited);
        assertTrue(fleet.everything(waited).strip().startsWith("Queued **Chord Progression in C**"), fleet.everything(waited));
        String read = "GET /track/" + DeezerSimulator.trackId(SongCatalogue.CHORDS);
        assertTrue(fleet.deezer.requests().stream().filter(read::equals).count() >= 2, "refused for the quota, then read: " + fleet.deezer.requests());
    }

    @Test
    @Order(9)
    void anAppleMusicPlaylistAndSongPlayWithASignedDeveloperTokenAndExplicitSongsAreMarked() {
        Http.patch(fleet.config.url() + "/api/v1/guilds/" + guild.id + "/server-configuration", "{\"appleMusicEnabled\":true}");
        Interaction stop = fleet.command(guild.id, text, member, "stop", DiscordJson.MAPPER.createArrayNode());
        fleet.answered(stop);
        Interaction play = fleet.play(guild.id, text, member, AppleMusicSimulator.playlistLink(SongCatalogue.MIX));
        fleet.answered(play);
        assertEquals("Queued 3 tracks from **Riff Devkit Mix**, starting with **Concert A (440 Hz)**.", fleet.everything(play).strip());
        awaitHeard();
        short[] pcm = fleet.discord.voice().call(guild.id).monoPcm();
        assertEquals(440, ToneAnalysis.dominantFrequency(Arrays.copyOfRange(pcm, pcm.length - 24_000, pcm.length), 48_000, 100, 2000), 2);

        Interaction song = fleet.play(guild.id, text, member, AppleMusicSimulator.songLink(SongCatalogue.CHORDS));
        fleet.answered(song);
        assertTrue(fleet.everything(song).strip().startsWith("Queued **Chord Progression in C**"), fleet.everything(song));
        Interaction explicit = fleet.play(guild.id, text, member, AppleMusicSimulator.songLink(SongCatalogue.EXPLICIT));
        fleet.answered(explicit);
        assertTrue(fleet.everything(explicit).contains("is marked explicit"), fleet.everything(explicit));
        assertTrue(fleet.appleMusic.requests().stream().allMatch(r -> r.startsWith("GET /v1/catalog/us/")), fleet.appleMusic.requests().toString());
    }

    @Test
    @Order(10)
    void advancedSearchFindsByIsrcAndFieldsOnlyWhereTheServerTurnedItOn() {
        Interaction stop = fleet.command(guild.id, text, member, "stop", DiscordJson.MAPPER.createArrayNode());
        fleet.answered(stop);
        Interaction words = fleet.play(guild.id, text, member, "isrc:" + SongCatalogue.CHORDS.isrc());
        fleet.answered(words);
        assertFalse(fleet.everything(words).strip().startsWith("Playing"), "off: the code is only words: " + fleet.everything(words));

        Http.patch(fleet.config.url() + "/api/v1/guilds/" + guild.id + "/server-configuration", "{\"advancedSearchEnabled\":true}");
        Interaction byCode = fleet.play(guild.id, text, member, "isrc:" + SongCatalogue.CHORDS.isrc());
        fleet.answered(byCode);
        assertEquals("Playing **Chord Progression in C** (0:24).", fleet.everything(byCode).strip());
        Interaction byFields = fleet.play(guild.id, text, member, "artist:\"Riff Devkit\" title:concert");
        fleet.answered(byFields);
        assertTrue(fleet.everything(byFields).strip().startsWith("Queued **Concert A (440 Hz)**"), fleet.everything(byFields));
    }

    @Test
    @Order(11)
    void sponsorBlockSegmentsAreSkippedWhereTheyAreAndAnOutroEndsTheTrackInHistory() {
        Http.patch(fleet.config.url() + "/api/v1/guilds/" + guild.id + "/server-configuration", "{\"sponsorBlockEnabled\":true}");
        Interaction stop = fleet.command(guild.id, text, member, "stop", DiscordJson.MAPPER.createArrayNode());
        fleet.answered(stop);
        try (KafkaProbe events = new KafkaProbe(fleet.kafka.bootstrapServers(), "playback.events")) {
            Interaction play = fleet.play(guild.id, text, member, "sponsored sweep");
            await().atMost(Duration.ofSeconds(30)).until(() -> fleet.content(play).startsWith("Playing **Sponsored Sweep**"));
            var sponsor = events.await(r -> r.event().type().equals(EventTypes.SEGMENT_SKIPPED.name()) && guild.id.equals(r.key())
                    && r.event().data().path("category").asText().equals("sponsor"), Duration.ofSeconds(30))
                    .orElseThrow(() -> new AssertionError("no sponsor segment skipped"));
            assertEquals(3000, sponsor.event().data().path("fromMs").asLong());
            assertEquals(8000, sponsor.event().data().path("toMs").asLong());
            int atSkip = fleet.discord.voice().call(guild.id).frames.size();
            await().atMost(Duration.ofSeconds(10)).until(() -> fleet.discord.voice().call(guild.id).frames.size() > atSkip + 75);
            short[] pcm = fleet.discord.voice().call(guild.id).monoPcm();
            double position = (ToneAnalysis.dominantFrequency(Arrays.copyOfRange(pcm, pcm.length - 24_000, pcm.length), 48_000, 200, 800)
                    - DemoLibrary.SWEEP_START_HZ) / DemoLibrary.SWEEP_HZ_PER_SECOND;
            // Measured from the audio itself: past the sponsor read's end, and short of the outro (18 s), however late the event came.
            assertTrue(position >= 8.5 && position < 18, "playing from past the sponsor read (8 s), not from 4 s: " + position);

            var ended = events.await(r -> r.event().type().equals(EventTypes.TRACK_ENDED.name()) && guild.id.equals(r.key())
                    && r.event().data().path("title").asText().equals("Sponsored Sweep"), Duration.ofSeconds(30))
                    .orElseThrow(() -> new AssertionError("the sweep did not end"));
            assertEquals("sponsorblock", ended.event().data().path("reason").asText(), "the outro ended it");
        }
        Interaction history = fleet.command(guild.id, text, member, "history", DiscordJson.MAPPER.createArrayNode());
        await().atMost(Duration.ofSeconds(30)).until(() -> !fleet.content(history).isEmpty());
        assertTrue(fleet.content(history).contains("• Sponsored Sweep (skipped by SponsorBlock)"), fleet.content(history));
    }

    /** The bot is in the call and frames arrive: the track plays (a "Playing" reply may come before voice is up). */
    private void awaitHeard() {
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.discord.voice().call(guild.id) != null);
        int before = fleet.discord.voice().call(guild.id).frames.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.discord.voice().call(guild.id).frames.size() > before + 25);
    }

    /** The test database outlives runs, and so would the lyrics an earlier run cached for the devkit's songs. */
    private static void forgetCachedLyrics() {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/riff_playback_test?user=riff_playback");
                java.sql.Statement statement = connection.createStatement()) {
            statement.executeUpdate("delete from lyrics_cache where track_id like 'isrc:QZRF126%'");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long lrclibRequests() {
        return fleet.lyrics.requests().stream().filter(r -> r.startsWith("GET /api/get?")).count();
    }

    /** The first embed of the interaction's reply, or an empty object. */
    private com.fasterxml.jackson.databind.JsonNode embed(Interaction interaction) {
        if (interaction.originalMessageId == null) {
            return DiscordJson.MAPPER.createObjectNode();
        }
        return fleet.discord.state().message(interaction.channelId, interaction.originalMessageId)
                .map(message -> DiscordJson.MAPPER.valueToTree(message.body()).path("embeds").path(0))
                .map(node -> node.isMissingNode() ? DiscordJson.MAPPER.createObjectNode() : (com.fasterxml.jackson.databind.JsonNode) node)
                .orElse(DiscordJson.MAPPER.createObjectNode());
    }

    private static ArrayNode subcommand(String name) {
        ArrayNode options = DiscordJson.MAPPER.createArrayNode();
        options.addObject().put("name", name).put("type", 1).putArray("options");
        return options;
    }
}
