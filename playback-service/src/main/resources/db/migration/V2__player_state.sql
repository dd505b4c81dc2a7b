-- What a playback node needs to restore a guild's player after a restart or on another node.

-- Upcoming items are ordered by position; the playing item leaves the queue and is kept in guild_player.
alter table queue_item add column position bigint not null default 0;
alter table queue_item add column source text;
create index queue_item_order_idx on queue_item (queue_id, position);
create unique index queue_guild_unique on queue (guild_id);

create table guild_player (
    guild_id             text        primary key,
    voice_channel_id     text,
    text_channel_id      text,
    current_url          text,
    current_title        text,
    current_requested_by text,
    current_duration_ms  bigint,
    current_source       text,
    position_ms          bigint      not null default 0,
    position_saved_at    timestamptz,
    paused               boolean     not null default false,
    volume               int         not null default 100,
    loop_mode            text        not null default 'off',
    voice_session_id     text,
    voice_endpoint       text,
    voice_token          text,
    updated_at           timestamptz not null default now()
);

-- Commands already applied, so a redelivered command is not applied twice.
create table processed_command (
    command_id   text        primary key,
    processed_at timestamptz not null default now()
);
