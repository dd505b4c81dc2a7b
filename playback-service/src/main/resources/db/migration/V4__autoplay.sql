-- Whether the guild wants autoplay when its queue runs dry (from its configuration, as of its last command).
alter table guild_player add column autoplay boolean not null default false;
