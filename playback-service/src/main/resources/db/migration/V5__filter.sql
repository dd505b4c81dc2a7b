-- The guild's /filter preset, applied again wherever the guild plays next (a restart, a failover).
alter table guild_player add column filter text not null default 'off';
