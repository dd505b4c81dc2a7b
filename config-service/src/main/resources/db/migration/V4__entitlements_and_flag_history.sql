-- The tier billing grants each guild (billing.events). No row: free. Kept apart from the server's
-- settings, so an expiry caps the effective configuration without touching what the server stored.
create table guild_entitlement (
    guild_id   text        primary key,
    tier       text        not null,
    status     text        not null,
    expires_at timestamptz,
    -- billing's time of the change: a guild's newer change wins, an older or repeated one is ignored
    changed_at timestamptz not null,
    event_id   text        not null,
    updated_at timestamptz not null default now()
);

-- Every state a feature flag (global or a guild's override) has had, written with the change.
create table feature_flag_history (
    id                 uuid        primary key,
    name               text        not null,
    guild_id           text,
    enabled            boolean     not null,
    rollout_percentage int,
    targets            text[]      not null default '{}',
    version            bigint      not null,
    actor_id           text,
    changed_at         timestamptz not null default now()
);
create index feature_flag_history_name_idx on feature_flag_history (name, changed_at);
