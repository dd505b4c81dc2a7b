package dev.riff.config.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** One configuration change (seed: AuditLog): who, what, the old and new values, when. */
@Entity
@Table(name = "audit_log")
public class AuditEntry extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "guild_id", nullable = false, updatable = false)
    public String guildId;
    /** The Discord user who asked, or null when a service did. */
    @Column(name = "user_id", updatable = false)
    public String userId;
    @Column(nullable = false, updatable = false)
    public String action;
    /** The changed fields, {"field": {"oldValue": .., "newValue": ..}}, as JSON text. */
    @Column(nullable = false, updatable = false)
    @ColumnTransformer(read = "details::text", write = "cast(cast(? as text) as jsonb)")
    public String details;
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
