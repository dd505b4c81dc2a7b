-- The server's maxAudioQuality as of the guild's last /play, for the node that takes the guild over.
alter table guild_player add column audio_quality text not null default 'standard';
