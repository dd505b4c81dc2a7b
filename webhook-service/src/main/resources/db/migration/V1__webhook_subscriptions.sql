-- Seed table owned by webhook-service: WebhookSubscription. guild_id refers to GuildConfig in
-- config-service's database, so it is linked by id only (no cross-database foreign key).

create table webhook_subscription (
    id          uuid        primary key,
    guild_id    text        not null,
    webhook_url text        not null,
    events      text[]      not null default '{}',
    is_active   boolean     not null default true,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create index webhook_subscription_guild_idx on webhook_subscription (guild_id);
create index webhook_subscription_active_idx on webhook_subscription (is_active);
