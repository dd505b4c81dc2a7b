-- The bot user a saved voice session belongs to: a node restoring the guild identifies with it.
alter table guild_player add column voice_user_id text;
