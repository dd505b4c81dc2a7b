-- Events the broker refused for good (too large, invalid): set aside so the rows behind them flow on.
-- An operator retries (back into the outbox, at its end) or drops them: GET/POST/DELETE /api/v1/outbox/dead-letters.
create table outbox_dead_letter (
    id          bigint      primary key,
    event_id    text        not null unique,
    topic       text        not null,
    record_key  text        not null,
    event_type  text        not null,
    payload     text        not null,
    created_at  timestamptz not null,
    failed_at   timestamptz not null default now(),
    reason      text        not null
);
