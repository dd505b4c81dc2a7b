-- Whether the guild skips SponsorBlock segments (its setting as of its last /play), kept for the node that takes it over.
alter table guild_player add column sponsor_block boolean not null default false;
