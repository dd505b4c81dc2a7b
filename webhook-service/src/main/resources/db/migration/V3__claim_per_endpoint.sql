-- The dispatcher claims per endpoint (only as many as the endpoint has free slots), so an endpoint
-- with a backlog it cannot take (slow, or at its limit) is one index probe, not a scan past every
-- message it holds back. The global due index is no longer read.
create index webhook_message_pending_by_endpoint_idx on webhook_message (subscription_id, next_attempt_at) where status = 'pending';
drop index webhook_message_due_idx;
