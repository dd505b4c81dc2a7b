-- Shared by every service that publishes or consumes events; lives in each service's own database.
-- Versions 0_x run before a service's own V1..; out-of-order is enabled so later 0_x still apply.

-- Transactional outbox: written in the same transaction as the state change it announces.
create table outbox_event (
    id          bigserial primary key,
    event_id    text        not null unique,
    topic       text        not null,
    record_key  text        not null,
    event_type  text        not null,
    payload     text        not null,
    created_at  timestamptz not null default now()
);

-- Wakes the relay as soon as a transaction that wrote events commits (NOTIFY is delivered at commit).
create function outbox_event_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox_event', '');
    return null;
end;
$$;

create trigger outbox_event_inserted after insert on outbox_event
    for each statement execute function outbox_event_notify();
