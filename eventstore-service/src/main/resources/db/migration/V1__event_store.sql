-- EventStoreEvent and EventStoreSnapshot from the seed schema, owned by eventstore-service.

create table event_store_event (
    id                bigserial   primary key,
    event_id          text        not null unique,
    event_type        text        not null,
    aggregate_id      text        not null,
    aggregate_type    text        not null,
    aggregate_version bigint      not null,
    guild_id          text,
    source            text        not null,
    event_data        jsonb,
    metadata          jsonb       not null,
    "timestamp"       timestamptz not null,
    created_at        timestamptz not null default now(),
    global_position   bigint      not null unique,
    constraint event_store_event_stream_version unique (aggregate_type, aggregate_id, aggregate_version)
);
create index event_store_event_type_idx on event_store_event (event_type);
create index event_store_event_timestamp_idx on event_store_event ("timestamp");
create index event_store_event_guild_idx on event_store_event (guild_id, global_position);

create table event_store_snapshot (
    id             bigserial   primary key,
    aggregate_id   text        not null,
    aggregate_type text        not null,
    version        bigint      not null,
    data           jsonb       not null,
    "timestamp"    timestamptz not null,
    created_at     timestamptz not null default now(),
    constraint event_store_snapshot_version unique (aggregate_type, aggregate_id, version)
);
create index event_store_snapshot_timestamp_idx on event_store_snapshot ("timestamp");

-- The last global position handed out. Appends take it under its row lock, so positions are
-- gap-free (a rolled-back append rolls back its increment) and follow commit order.
create table event_store_position (
    id            int    primary key check (id = 1),
    last_position bigint not null
);
insert into event_store_position (id, last_position) values (1, 0);

-- Events are immutable: the database refuses to change or remove them, whoever asks.
create function event_store_event_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'event_store_event is append-only: % is not allowed', tg_op;
end;
$$;
create trigger event_store_event_no_update_or_delete before update or delete on event_store_event
    for each row execute function event_store_event_immutable();
create trigger event_store_event_no_truncate before truncate on event_store_event
    for each statement execute function event_store_event_immutable();
