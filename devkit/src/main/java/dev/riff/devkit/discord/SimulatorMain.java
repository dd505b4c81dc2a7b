package dev.riff.devkit.discord;

import dev.riff.devkit.audio.DemoLibrary;
import dev.riff.devkit.streaming.DeezerSimulator;
import dev.riff.devkit.streaming.LyricsSimulator;
import dev.riff.devkit.streaming.SponsorBlockSimulator;
import dev.riff.devkit.streaming.SpotifySimulator;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the Discord simulator as a process for the local fleet, with a demo guild: owner "alice",
 * member "bob" (sitting in the voice channel "Music" as a DAVE member of its call), a "DJ" role, and the channels "general" and
 * "Music". {@code GET /control/state} shows the ids. Beside it, the demo library the playback nodes
 * search first, so /play demo works offline, the Spotify and Deezer simulators whose links mirror to it, and
 * the lyrics providers (LRCLIB, lyrics.ovh) with words for its songs, and SponsorBlock.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        int libraryPort = args.length > 1 ? Integer.parseInt(args[1]) : 8092;
        java.nio.file.Path tlsDirectory = java.nio.file.Path.of(args.length > 2 ? args[2] : ".fleet/tls");
        int spotifyPort = args.length > 3 ? Integer.parseInt(args[3]) : 8093;
        int lyricsPort = args.length > 4 ? Integer.parseInt(args[4]) : 8094;
        int deezerPort = args.length > 5 ? Integer.parseInt(args[5]) : 8095;
        int sponsorBlockPort = args.length > 6 ? Integer.parseInt(args[6]) : 8096;
        DiscordSimulator simulator = DiscordSimulator.start(port, DevCertificateAuthority.in(tlsDirectory));
        DemoLibrary library = DemoLibrary.serve(libraryPort);
        LyricsSimulator lyrics = LyricsSimulator.start(lyricsPort);
        DeezerSimulator deezer = DeezerSimulator.start(deezerPort);
        SponsorBlockSimulator sponsorBlock = SponsorBlockSimulator.start(sponsorBlockPort);
        SpotifySimulator spotify = SpotifySimulator.start(spotifyPort, SpotifySimulator.LOCAL_CLIENT_ID, SpotifySimulator.LOCAL_CLIENT_SECRET);
        DiscordState.Guild guild = simulator.addGuild("Riff Demo", "alice");
        DiscordState.Role dj = simulator.addRole(guild.id, "DJ", 0);
        DiscordState.User bob = simulator.addMember(guild.id, "bob", List.of(dj.id()));
        String music = simulator.state().channelNamed(guild.id, "Music").id();
        simulator.moveToVoice(guild.id, bob.id(), music);
        // Bob is in the call as Discord's clients are: a DAVE member who hears the bot end-to-end encrypted.
        simulator.voice().listen(guild.id, music, Long.parseLong(bob.id()));
        System.out.printf("Discord simulator on http://127.0.0.1:%d (API %s); demo guild %s, member bob %s, owner alice %s%n",
                simulator.port(), simulator.apiBaseUrl(), guild.id, bob.id(), guild.ownerId);
        System.out.printf("Demo library on %s: %s%n", library.url(),
                library.tracks().stream().map(t -> t.title() + " (" + t.format() + ")").toList());
        System.out.printf("Spotify simulator on %s; a playlist to paste: %s%n", spotify.baseUrl(),
                SpotifySimulator.link("playlist", SpotifySimulator.playlistId(dev.riff.devkit.streaming.SongCatalogue.MIX)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            library.close();
            spotify.close();
            lyrics.close();
            deezer.close();
            sponsorBlock.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
