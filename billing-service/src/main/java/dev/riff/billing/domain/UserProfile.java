package dev.riff.billing.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A Discord user billing knows; its row is the lock every change to the user's premium takes. */
@Entity
@Table(name = "user_profile")
public class UserProfile extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "user_id")
    public String userId;
    @Column(name = "created_at")
    public Instant createdAt;
}
