package dev.riff.playback.messaging;

import dev.riff.contracts.Topic;
import dev.riff.playback.player.GuildPlayers;
import dev.riff.playback.service.VoiceService;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * The partitions of playback.commands this node holds are the guilds it plays for. When Kafka
 * moves partitions (a node joined, left or died), this node releases the guilds it lost and
 * restores the guilds it gained from their saved state.
 */
@ApplicationScoped
@Identifier("guild-ownership")
public class GuildOwnership implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(GuildOwnership.class);

    private final VoiceService voice;
    private final GuildPlayers players;
    private final GuildDirectory directory;

    GuildOwnership(VoiceService voice, GuildPlayers players, GuildDirectory directory) {
        this.voice = voice;
        this.players = players;
        this.directory = directory;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Set<Integer> owned = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        LOG.infof("Now owning playback.commands partitions %s", owned);
        voice.restore(directory.savedVoiceSessions().stream().filter(session -> owned.contains(partitionOf(session.guildId()))).toList());
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Set<Integer> lost = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        voice.release(players.guilds().stream().filter(g -> lost.contains(partitionOf(g))).toList());
    }

    /** The partition Kafka's default partitioner gives a guild id key. */
    public static int partitionOf(String guildId) {
        return Utils.toPositive(Utils.murmur2(guildId.getBytes(StandardCharsets.UTF_8))) % Topic.PLAYBACK_COMMANDS.partitions();
    }
}
