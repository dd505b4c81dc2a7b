-- Seed tables owned by playback-service: Queue, QueueItem, PlaybackHistory, LyricsCache.

create table queue (
    id               uuid        primary key,
    guild_id         text        not null,
    voice_channel_id text,
    text_channel_id  text,
    created_at       timestamptz not null default now()
);
create index queue_guild_idx on queue (guild_id);
create index queue_voice_channel_idx on queue (voice_channel_id);
create index queue_created_idx on queue (created_at);

create table queue_item (
    id           uuid        primary key,
    queue_id     uuid        not null references queue (id) on delete cascade,
    title        text        not null,
    url          text        not null,
    requested_by text        not null,
    duration     int,
    created_at   timestamptz not null default now()
);
create index queue_item_queue_idx on queue_item (queue_id);
create index queue_item_url_idx on queue_item (url);
create index queue_item_requested_by_idx on queue_item (requested_by);
create index queue_item_created_idx on queue_item (created_at);

-- user_id references a Discord user (UserProfile lives in billing-service: linked by id only).
create table playback_history (
    id               uuid        primary key,
    guild_id         text        not null,
    user_id          text        not null,
    channel_id       text,
    title            text        not null,
    artist           text,
    url              text        not null,
    duration         int,
    source           text        not null,
    played_at        timestamptz not null default now(),
    played_fully     boolean     not null default false,
    skip_reason      text,
    playback_quality text,
    plugins_used     text[]      not null default '{}'
);
create index playback_history_guild_idx on playback_history (guild_id, played_at);
create index playback_history_user_idx on playback_history (user_id);
create index playback_history_source_idx on playback_history (source);
create index playback_history_played_idx on playback_history (played_at);

create table lyrics_cache (
    id           uuid        primary key,
    track_id     text        not null unique,
    title        text        not null,
    artist       text,
    lyrics       text        not null,
    source       text        not null,
    language     text,
    timed_lyrics boolean     not null default false,
    lyrics_data  jsonb,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null
);
create index lyrics_cache_expires_idx on lyrics_cache (expires_at);
