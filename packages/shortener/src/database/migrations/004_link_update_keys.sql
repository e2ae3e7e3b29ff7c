-- The Idempotency-Key of a link PATCH that changed the link, with the link as that PATCH left it, per account.
-- A client that lost the answer (killed with its compare-and-set on the wire) sends the same request again: a
-- stored key answers the stored link, even after the link moved on, so the client learns its write was the one that
-- landed; otherwise the PATCH runs as new. Written in the same statement as the link's update.
CREATE TABLE link_update_keys (
  account_id  text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key         text NOT NULL,
  link        jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (account_id, key)
);
