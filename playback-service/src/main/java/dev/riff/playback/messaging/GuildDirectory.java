package dev.riff.playback.messaging;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Guilds with a saved voice session, read when partitions are assigned. The rebalance callback runs
 * on Kafka's polling thread and must finish before consumption resumes, so this is a plain JDBC read.
 */
@ApplicationScoped
public class GuildDirectory {

    private final AgroalDataSource dataSource;

    GuildDirectory(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<String> guildsWithVoice() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select guild_id from guild_player where voice_endpoint is not null and voice_token is not null")) {
            List<String> guilds = new ArrayList<>();
            while (rows.next()) {
                guilds.add(rows.getString(1));
            }
            return guilds;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read saved players: " + e.getMessage(), e);
        }
    }
}
