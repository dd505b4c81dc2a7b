-- Immutability by privileges as well as by trigger: the service role (which runs these migrations and
-- so owns the table) gives up UPDATE, DELETE and TRUNCATE. An owner may revoke its own privileges;
-- it could grant them back or drop the table, which no code path of the service does.
revoke update, delete, truncate on event_store_event from public, current_user;

-- Projection: plays per guild, hour, track and requester, from playback.track-started.v1. Kept up to
-- date in the appending transaction and rebuildable from position zero (PlayStats).
create table guild_play_stats (
    guild_id     text        not null,
    hour         timestamptz not null,
    track_url    text        not null,
    requested_by text        not null,
    title        text        not null,
    plays        bigint      not null,
    primary key (guild_id, hour, track_url, requested_by)
);
