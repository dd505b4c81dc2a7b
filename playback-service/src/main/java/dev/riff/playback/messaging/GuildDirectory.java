package dev.riff.playback.messaging;

import dev.riff.voice.VoiceConnection;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The saved voice sessions of every guild, read when partitions are assigned. The rebalance callback
 * runs on Kafka's polling thread and must finish before consumption resumes, so this is a plain JDBC
 * read, and it reads the whole session so the new owner can reconnect without another round trip.
 */
@ApplicationScoped
public class GuildDirectory {

    private final AgroalDataSource dataSource;

    GuildDirectory(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<VoiceConnection.Session> savedVoiceSessions() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        select guild_id, voice_channel_id, voice_user_id, voice_session_id, voice_endpoint, voice_token from guild_player
                        where voice_endpoint is not null and voice_token is not null and voice_session_id is not null""")) {
            List<VoiceConnection.Session> sessions = new ArrayList<>();
            while (rows.next()) {
                sessions.add(new VoiceConnection.Session(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6)));
            }
            return sessions;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read saved players: " + e.getMessage(), e);
        }
    }
}
