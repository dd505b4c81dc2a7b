package dev.riff.config.service;

import dev.riff.config.domain.AuditEntry;
import dev.riff.contracts.CloudEventCodec;
import dev.riff.contracts.ServerConfigurationChanged.FieldChange;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Records every configuration change in the guild's audit log, in the transaction that makes it. */
@ApplicationScoped
public class AuditTrail {

    public Uni<Void> record(String guildId, String actorId, String action, Map<String, FieldChange> changes) {
        AuditEntry entry = new AuditEntry();
        entry.id = UUID.randomUUID();
        entry.guildId = guildId;
        entry.userId = actorId;
        entry.action = action;
        entry.details = CloudEventCodec.mapper().valueToTree(changes).toString();
        entry.createdAt = Instant.now();
        return entry.persist().replaceWithVoid();
    }

    public Uni<List<AuditEntry>> recent(String guildId, int limit) {
        return AuditEntry.<AuditEntry>find("guildId", Sort.descending("createdAt"), guildId).page(0, limit).list();
    }
}
