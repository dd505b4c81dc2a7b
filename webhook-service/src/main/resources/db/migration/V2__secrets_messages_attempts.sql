-- What webhook-service builds on the seed's webhook_subscription.
--
-- A subscription signs with its secret (whsec_…, Standard Webhooks); after a rotation the previous
-- secret also signs until previous_secret_until, so receivers can switch without missing a delivery.
alter table webhook_subscription
    add column description           text,
    add column secret                text        not null default '',
    add column previous_secret       text,
    add column previous_secret_until timestamptz,
    add column disabled_reason       text,
    add column failing_since         timestamptz,
    add column created_by            text;
alter table webhook_subscription
    add constraint webhook_subscription_url_length check (length(webhook_url) <= 2048),
    add constraint webhook_subscription_description_length check (description is null or length(description) <= 200);

-- One message per (subscription, source event): a duplicate Kafka record finds its row and adds nothing.
-- The message id is the webhook-id every attempt carries, so receivers can deduplicate.
create table webhook_message (
    id               text        primary key,
    subscription_id  uuid        not null references webhook_subscription (id) on delete cascade,
    guild_id         text        not null,
    source_event_id  text        not null,
    event_type       text        not null,
    payload          text        not null,
    created_at       timestamptz not null default now(),
    -- pending (an attempt is due at next_attempt_at), delivered, failed (out of attempts) or skipped (endpoint disabled)
    status           text        not null default 'pending',
    attempts         int         not null default 0,
    next_attempt_at  timestamptz not null default now(),
    -- A replica sending an attempt holds the row until then; another may take it only after.
    leased_until     timestamptz,
    unique (subscription_id, source_event_id)
);
create index webhook_message_due_idx on webhook_message (next_attempt_at) where status = 'pending';
create index webhook_message_subscription_idx on webhook_message (subscription_id, created_at);

create table webhook_attempt (
    id              bigserial   primary key,
    message_id      text        not null references webhook_message (id) on delete cascade,
    attempt         int         not null,
    attempted_at    timestamptz not null,
    status_code     int,
    latency_ms      int         not null,
    response_body   text,
    error           text
);
create index webhook_attempt_message_idx on webhook_attempt (message_id, attempt);

-- The tier config-service last applied to a guild (from config.entitlement-changed.v1): webhook limits.
create table guild_tier (
    guild_id    text        primary key,
    tier        text        not null,
    status      text        not null,
    expires_at  timestamptz,
    changed_at  timestamptz not null
);
