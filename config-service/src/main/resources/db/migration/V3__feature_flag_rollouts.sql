-- Feature flags: global flags (guild_id null) with percentage rollouts and target lists; per-guild overrides.
alter table feature_flag add column rollout_percentage int check (rollout_percentage between 0 and 100);
alter table feature_flag add column targets text[] not null default '{}';
alter table feature_flag add column version bigint not null default 0;
alter table feature_flag add column updated_at timestamptz not null default now();
