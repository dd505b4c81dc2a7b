-- What billing builds on the seed's two tables.
--
-- payment_grant: one row per thing a user paid for, from either provider (a Stripe subscription, a
-- Discord entitlement). These rows mirror the provider's current state; user_subscription is derived
-- from them (the best plan any active grant gives) and keeps the seed's columns as the plan's grants.

alter table user_subscription
    add column status        text not null default 'none',
    add column source        text,
    add column grace_until   timestamptz;
alter table user_subscription
    add constraint user_subscription_status_check check (status in ('none', 'active', 'past_due', 'expired')),
    add constraint user_subscription_tier_check check (tier in ('free', 'basic', 'premium', 'enterprise'));
create index user_subscription_customer_idx on user_subscription (stripe_customer_id);

create table payment_grant (
    id                uuid        primary key,
    user_id           text        not null references user_profile (user_id) on delete cascade,
    source            text        not null check (source in ('stripe', 'discord')),
    external_id       text        not null,
    plan              text        not null check (plan in ('basic', 'premium', 'enterprise')),
    -- The provider's own status, kept as it said it (active, past_due, canceled, …), and ours.
    provider_status   text        not null,
    status            text        not null check (status in ('active', 'past_due', 'expired')),
    period_end        timestamptz,
    past_due_since    timestamptz,
    ended_reason      text,
    -- A Discord guild subscription grants premium to that guild directly.
    guild_id          text,
    updated_at        timestamptz not null default now(),
    unique (source, external_id)
);
create index payment_grant_user_idx on payment_grant (user_id);
create index payment_grant_due_idx on payment_grant (status, period_end);

-- A user's premium servers. The row stays while the user's plan lapses, so premium comes back to
-- the same servers on renewal; whether a guild has premium now is derived (PremiumLedger).
create table premium_guild (
    guild_id     text        primary key,
    user_id      text        not null references user_profile (user_id) on delete cascade,
    activated_at timestamptz not null
);
create index premium_guild_user_idx on premium_guild (user_id, activated_at);

-- What billing last announced for each guild. Rows are never deleted: changed_at only grows per
-- guild, which is the order config-service applies changes in.
create table guild_premium_state (
    guild_id   text        primary key,
    tier       text        not null,
    status     text        not null,
    expires_at timestamptz,
    version    bigint      not null,
    changed_at timestamptz not null
);

-- Stripe events handled, by Stripe's event id (idempotency), with the signature time they came
-- with (a request carrying a signature already seen is a replay).
create table stripe_event (
    id                  text        primary key,
    type                text        not null,
    signature_timestamp bigint      not null,
    outcome             text        not null,
    received_at         timestamptz not null default now()
);

-- Usage per user and calendar month (UTC), from playback.events.
create table usage_month (
    user_id   text   not null,
    month     date   not null,
    play_ms   bigint not null default 0,
    requests  bigint not null default 0,
    primary key (user_id, month)
);

-- playback.events records already counted, by CloudEvent id: a redelivery counts nothing.
create table usage_event (
    event_id    text        primary key,
    counted_at  timestamptz not null default now()
);
create index usage_event_counted_idx on usage_event (counted_at);

-- A quota a user went over in a month: announced once.
create table usage_notice (
    user_id  text not null,
    month    date not null,
    quota    text not null,
    noticed_at timestamptz not null default now(),
    primary key (user_id, month, quota)
);
