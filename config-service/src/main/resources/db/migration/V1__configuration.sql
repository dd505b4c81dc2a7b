-- Seed tables owned by config-service: GuildConfig, ServerConfiguration, ChannelConfiguration,
-- FeatureFlag, AuditLog and RateLimit (durable policies; hot counters live in Redis).
-- Discord ids are snowflakes stored as text; ids are UUIDs; times are timestamptz (UTC).

create table guild_config (
    id         uuid        primary key,
    guild_id   text        not null unique,
    prefix     text        not null default '!',
    language   text        not null default 'en-US',
    created_at timestamptz not null default now()
);

create table server_configuration (
    id                      uuid        primary key,
    guild_id                text        not null unique references guild_config (guild_id) on delete cascade,
    subscription_tier       text        not null default 'free',
    subscription_expires_at timestamptz,
    spotify_enabled         boolean     not null default false,
    apple_music_enabled     boolean     not null default false,
    deezer_enabled          boolean     not null default false,
    lyrics_enabled          boolean     not null default false,
    sponsor_block_enabled   boolean     not null default false,
    advanced_search_enabled boolean     not null default false,
    max_audio_quality       text        not null default 'standard',
    volume_limit            int         not null default 100,
    max_queue_size          int         not null default 100,
    max_song_duration       int         not null default 3600,
    allow_explicit_content  boolean     not null default true,
    dj_role_id              text,
    dj_only_mode            boolean     not null default false,
    vote_skip_enabled       boolean     not null default true,
    vote_skip_threshold     real        not null default 0.5,
    autoplay_enabled        boolean     not null default false,
    autoplay_mode           text        not null default 'similar',
    autoplay_queue_size     int         not null default 5,
    ephemeral_messages      boolean     not null default false,
    persistent_connection   boolean     not null default false,
    version                 bigint      not null default 0,
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now()
);
create index server_configuration_tier_idx on server_configuration (subscription_tier);
create index server_configuration_expires_idx on server_configuration (subscription_expires_at);

-- Null columns inherit the server's value.
create table channel_configuration (
    id                     uuid        primary key,
    guild_id               text        not null references server_configuration (guild_id) on delete cascade,
    channel_id             text        not null,
    music_enabled          boolean,
    playlists_enabled      boolean,
    spotify_enabled        boolean,
    apple_music_enabled    boolean,
    deezer_enabled         boolean,
    lyrics_enabled         boolean,
    sponsor_block_enabled  boolean,
    volume_limit           int,
    max_queue_size         int,
    max_song_duration      int,
    dj_only_mode           boolean,
    allow_explicit_content boolean,
    version                bigint      not null default 0,
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now(),
    constraint channel_configuration_channel unique (guild_id, channel_id)
);
create index channel_configuration_guild_idx on channel_configuration (guild_id);
create index channel_configuration_channel_idx on channel_configuration (channel_id);

-- guild_id null: a global flag.
create table feature_flag (
    id       uuid    primary key,
    guild_id text    references guild_config (guild_id) on delete cascade,
    name     text    not null,
    enabled  boolean not null default false
);
create index feature_flag_guild_idx on feature_flag (guild_id);
create index feature_flag_name_idx on feature_flag (name);
create unique index feature_flag_scope on feature_flag (name, coalesce(guild_id, ''));

create table audit_log (
    id         uuid        primary key,
    guild_id   text        not null references guild_config (guild_id) on delete cascade,
    user_id    text        not null,
    action     text        not null,
    created_at timestamptz not null default now()
);
create index audit_log_guild_idx on audit_log (guild_id, created_at);
create index audit_log_user_idx on audit_log (user_id);
create index audit_log_created_idx on audit_log (created_at);

create table rate_limit (
    id         uuid        primary key,
    key        text        not null unique,
    count      int         not null,
    expires_at timestamptz not null
);
create index rate_limit_expires_idx on rate_limit (expires_at);
