-- Who changed what: the seed's action text, plus the changed fields with their old and new values.
alter table audit_log add column details jsonb not null default '{}';
alter table audit_log alter column user_id drop not null;
