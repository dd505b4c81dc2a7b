package dev.riff.playback.rest;

import dev.riff.playback.player.GuildPlayers;
import dev.riff.playback.service.VoiceService;
import dev.riff.support.auth.RequiresScope;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Node statistics like Lavalink's: players, playing players, frames, CPU and memory; also as Prometheus gauges. */
@Path("/api/v1/node/stats")
@Produces(MediaType.APPLICATION_JSON)
public class NodeStatsResource {

    public record NodeStats(int players, int playingPlayers, long framesSent, long framesNulled, long framesDeficit,
            long framesWithheld, long daveFailures, double systemLoad, double processCpuLoad, long memoryUsed, long memoryMax) {
    }

    private final GuildPlayers players;
    private final VoiceService voice;

    NodeStatsResource(GuildPlayers players, VoiceService voice, MeterRegistry registry) {
        this.players = players;
        this.voice = voice;
        Gauge.builder("riff.playback.players", () -> players.stats().players()).register(registry);
        Gauge.builder("riff.playback.players.playing", () -> players.stats().playingPlayers()).register(registry);
        Gauge.builder("riff.playback.frames.sent", () -> players.stats().framesSent()).register(registry);
        Gauge.builder("riff.playback.frames.nulled", () -> players.stats().framesNulled()).register(registry);
        Gauge.builder("riff.playback.frames.deficit", () -> players.stats().framesDeficit()).register(registry);
        Gauge.builder("riff.playback.frames.withheld", () -> players.stats().framesWithheld()).register(registry);
        Gauge.builder("riff.playback.dave.failures", voice::daveFailures).register(registry);
    }

    @RequiresScope("playback:read")
    @GET
    @Operation(summary = "This node's players and frame statistics, CPU and memory")
    public NodeStats stats() {
        var stats = players.stats();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Runtime runtime = Runtime.getRuntime();
        return new NodeStats(stats.players(), stats.playingPlayers(), stats.framesSent(), stats.framesNulled(), stats.framesDeficit(),
                stats.framesWithheld(), voice.daveFailures(), os.getCpuLoad(), os.getProcessCpuLoad(), runtime.totalMemory() - runtime.freeMemory(), runtime.maxMemory());
    }
}
