-- Seed tables owned by billing-service: UserProfile, UserSubscription.

create table user_profile (
    id         uuid        primary key,
    user_id    text        not null unique,
    created_at timestamptz not null default now()
);

create table user_subscription (
    id                     uuid        primary key,
    user_id                text        not null unique references user_profile (user_id) on delete cascade,
    tier                   text        not null default 'free',
    expires_at             timestamptz,
    stripe_customer_id     text,
    stripe_subscription_id text,
    payment_method         text,
    monthly_play_time      int         not null default 0,
    monthly_requests       int         not null default 0,
    premium_servers        int         not null default 0,
    custom_bot_enabled     boolean     not null default false,
    priority_support       boolean     not null default false,
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now()
);
create index user_subscription_tier_idx on user_subscription (tier);
create index user_subscription_expires_idx on user_subscription (expires_at);
