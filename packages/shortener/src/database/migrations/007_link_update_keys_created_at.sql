-- The daily pruning of link PATCH Idempotency-Keys (links/update-key-pruning.ts) deletes the keys past their
-- retention: an index on their age keeps it O(pruned rows) instead of a scan of every key ever stored.
CREATE INDEX link_update_keys_created_at ON link_update_keys (created_at);
