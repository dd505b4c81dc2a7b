package dev.riff.playback.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sedmelluq.discord.lavaplayer.player.AudioLoadResultHandler;
import com.sedmelluq.discord.lavaplayer.player.DefaultAudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.http.HttpAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioPlaylist;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sun.net.httpserver.HttpServer;
import dev.riff.devkit.audio.MediaServer;
import dev.riff.support.net.MediaDestinations;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * lavaplayer's fetches through the guard, against real local servers: a media server and a
 * redirecting one. Loopback stands in for "a private network"; trust is by exact host and port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaFetchGuardTest {

    private MediaServer media;
    private HttpServer redirects;
    private final AtomicInteger redirectsServed = new AtomicInteger();
    private String track;

    @BeforeAll
    void start() throws IOException {
        media = new MediaServer();
        track = media.add("tone.wav", MediaServer.wavTone(440, 2));
        redirects = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // /to?<url> answers 302 to the url; /loop/<n> redirects to /loop/<n+1> for ever.
        redirects.createContext("/", exchange -> {
            redirectsServed.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            String location = path.startsWith("/loop/")
                    ? "/loop/" + (Integer.parseInt(path.substring(6)) + 1)
                    : exchange.getRequestURI().getRawQuery();
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        redirects.start();
    }

    @AfterAll
    void stop() {
        media.close();
        redirects.stop(0);
    }

    @Test
    void aTrustedHostAndPortLoads() throws Exception {
        assertTrue(load(trusting(media.hostPort()), track).loaded, "the operator's trusted media server");
    }

    @Test
    void aPrivateAddressIsRefusedWithoutTrustAndTrustIsPerPort() throws Exception {
        assertRefused(load(trusting(), track));
        assertRefused(load(trusting("127.0.0.1:1"), track));
    }

    @Test
    void everyRedirectHopIsCheckedLikeTheFirstRequest() throws Exception {
        String viaRedirect = redirectsUrl("/to?" + track);
        assertTrue(load(trusting(redirectsHostPort(), media.hostPort()), viaRedirect).loaded, "trusted hop to trusted hop");
        assertRefused(load(trusting(redirectsHostPort()), viaRedirect));
        for (String disguised : List.of("http://localhost:" + mediaPort() + "/tone.wav",
                "http://[::ffff:127.0.0.1]:" + mediaPort() + "/tone.wav",
                "http://127.1:" + mediaPort() + "/tone.wav",
                "http://[::127.0.0.1]:" + mediaPort() + "/tone.wav",
                "http://[64:ff9b::7f00:1]:" + mediaPort() + "/tone.wav",
                "http://[2002:7f00:1::1]:" + mediaPort() + "/tone.wav",
                "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:" + mediaPort() + "/tone.wav")) {
            assertRefused(load(trusting(redirectsHostPort(), media.hostPort()), redirectsUrl("/to?" + disguised)));
        }
    }

    /**
     * DNS rebinding gains nothing: the guard decides on the address the socket is about to connect to
     * (the one lavaplayer's client resolved for this connection, passed on unchanged), whatever name
     * it came from and whatever that name resolved to before.
     */
    @Test
    void theAddressCheckedIsTheAddressConnectedTo() throws Exception {
        MediaFetchGuard guard = new MediaFetchGuard(new MediaDestinations(List.of()));
        org.apache.http.HttpHost host = new org.apache.http.HttpHost("media.example.com", 80, "http");
        guard.check(host, new InetSocketAddress(InetAddress.getByAddress("media.example.com", new byte[] {93, (byte) 184, (byte) 215, 14}), 80));
        org.junit.jupiter.api.Assertions.assertThrows(MediaFetchGuard.RefusedDestination.class, () -> guard.check(host,
                new InetSocketAddress(InetAddress.getByAddress("media.example.com", new byte[] {127, 0, 0, 1}), 80)),
                "the same name, now resolving to loopback, is refused at connect");
    }

    @Test
    void aRedirectChainStopsAtTheHopLimit() throws Exception {
        redirectsServed.set(0);
        Outcome outcome = load(trusting(redirectsHostPort()), redirectsUrl("/loop/0"));
        assertFalse(outcome.loaded, "an endless redirect chain loads nothing");
        assertTrue(redirectsServed.get() <= MediaFetchGuard.MAX_REDIRECTS + 1,
                "followed at most " + MediaFetchGuard.MAX_REDIRECTS + " redirects, served " + redirectsServed.get());
    }

    @Test
    void everyFormOfAPrivateAddressIsRecognised() throws Exception {
        for (String address : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "198.18.0.1", "240.0.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
                "::127.0.0.1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b:1::5db8:d70e",
                "2002:7f00:1::1", "2002:a9fe:a9fe::1", "2001:0:4136:e378:8000:63bf:80ff:fffe", "2001:db8::1", "ff02::1")) {
            assertFalse(MediaDestinations.isPublic(InetAddress.getByName(address)), address + " is not public");
        }
        for (String address : List.of("93.184.215.14", "1.1.1.1", "2606:4700:4700::1111", "64:ff9b::5db8:d70e",
                "2002:5db8:d70e::1", "2001:0:4136:e378:8000:63bf:a247:28f1")) {
            assertTrue(MediaDestinations.isPublic(InetAddress.getByName(address)), address + " is public");
        }
    }

    private static void assertRefused(Outcome outcome) {
        assertFalse(outcome.loaded, "refused");
        assertTrue(outcome.cause.contains("public internet") || outcome.cause.contains("Refused"),
                "refused by the guard: " + outcome.cause);
    }

    private record Outcome(boolean loaded, String cause) {
    }

    private static DefaultAudioPlayerManager trusting(String... hostPorts) {
        DefaultAudioPlayerManager manager = new DefaultAudioPlayerManager();
        new MediaFetchGuard(new MediaDestinations(List.of(hostPorts))).applyTo(manager);
        manager.registerSourceManager(new HttpAudioSourceManager());
        return manager;
    }

    private static Outcome load(DefaultAudioPlayerManager manager, String url) throws Exception {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        try {
            manager.loadItem(url, new AudioLoadResultHandler() {
                @Override
                public void trackLoaded(AudioTrack loaded) {
                    outcome.complete(new Outcome(true, ""));
                }

                @Override
                public void playlistLoaded(AudioPlaylist playlist) {
                    outcome.complete(new Outcome(true, ""));
                }

                @Override
                public void noMatches() {
                    outcome.complete(new Outcome(false, "no matches"));
                }

                @Override
                public void loadFailed(FriendlyException exception) {
                    StringBuilder causes = new StringBuilder();
                    for (Throwable t = exception; t != null; t = t.getCause()) {
                        causes.append(t.getMessage()).append(" / ");
                    }
                    outcome.complete(new Outcome(false, causes.toString()));
                }
            });
            return outcome.get(30, TimeUnit.SECONDS);
        } finally {
            manager.shutdown();
        }
    }

    private String redirectsHostPort() {
        return "127.0.0.1:" + redirects.getAddress().getPort();
    }

    private String redirectsUrl(String pathAndQuery) {
        return "http://" + redirectsHostPort() + pathAndQuery;
    }

    private int mediaPort() {
        return Integer.parseInt(media.hostPort().substring(media.hostPort().indexOf(':') + 1));
    }
}
