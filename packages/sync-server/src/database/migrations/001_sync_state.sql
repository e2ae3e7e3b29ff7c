-- The sync engine's state (the agent's state.json, rows.jsonl, outbox.jsonl, audit.jsonl, conflicts.json and
-- secrets.json), one table each, beside the link service's tables in the same database.

CREATE TABLE sync_connections (
  id text PRIMARY KEY,
  record jsonb NOT NULL
);

CREATE TABLE sync_databases (
  connection_id text NOT NULL,
  data_source_id text NOT NULL,
  state jsonb NOT NULL,
  PRIMARY KEY (connection_id, data_source_id)
);

CREATE TABLE sync_rows (
  connection_id text NOT NULL,
  data_source_id text NOT NULL,
  page_id text NOT NULL,
  link_id text NOT NULL,
  snapshot jsonb NOT NULL,
  PRIMARY KEY (connection_id, data_source_id, page_id),
  FOREIGN KEY (connection_id, data_source_id) REFERENCES sync_databases ON DELETE CASCADE
);
CREATE INDEX sync_rows_link_id ON sync_rows (link_id);

-- Unsettled intents only: a settled or finally failed one is deleted (the file outbox compacts them away).
CREATE TABLE sync_outbox (
  id uuid PRIMARY KEY,
  scope text NOT NULL,
  seq bigint NOT NULL,
  idempotency_key text NOT NULL,
  intent jsonb NOT NULL,
  enqueued_at timestamptz NOT NULL,
  state text NOT NULL CHECK (state IN ('queued', 'sent', 'retrying')),
  attempts integer NOT NULL DEFAULT 0,
  last_error jsonb,
  UNIQUE (scope, seq),
  UNIQUE (scope, idempotency_key)
);

CREATE TABLE sync_audit (
  seq bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  connection_id text NOT NULL,
  database_id text,
  entry jsonb NOT NULL
);
CREATE INDEX sync_audit_database ON sync_audit (database_id, seq);
CREATE INDEX sync_audit_connection ON sync_audit (connection_id, seq);

CREATE TABLE sync_conflicts (
  conflict_id text PRIMARY KEY,
  seq bigserial NOT NULL,
  database_id text NOT NULL,
  event jsonb NOT NULL,
  acknowledged boolean NOT NULL DEFAULT false
);
CREATE INDEX sync_conflicts_newest ON sync_conflicts (seq DESC);

-- Sealed with a key derived from the server's secret (secrets/server-key.ts); names are not secret, values are.
CREATE TABLE sync_secrets (
  name text PRIMARY KEY,
  sealed text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
