-- Webhooks, reported events, one-time codes (OAuth broker, consent) and Link Preview grants: every row belongs to
-- one account (codes carry theirs in their sealed value). Secrets are sealed with the server's secretsKey.

-- A value sealed with the secretsKey, so a start with another key is refused instead of failing later.
CREATE TABLE secrets_key_check (
  id      integer PRIMARY KEY CHECK (id = 1),
  sealed  text NOT NULL
);

CREATE TABLE webhook_subscriptions (
  id                    text PRIMARY KEY,
  account_id            text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  url                   text NOT NULL,
  events                text[] NOT NULL,
  secret                text NOT NULL,
  created_at            timestamptz NOT NULL,
  status                text NOT NULL CHECK (status IN ('active', 'paused')),
  paused_reason         text,
  consecutive_failures  integer NOT NULL DEFAULT 0
);
CREATE INDEX webhook_subscriptions_account ON webhook_subscriptions (account_id, created_at);

-- One row per event and subscription: the body sent on every attempt, and the attempts themselves (the log).
-- The attempts are run by the job queue (queue webhook_delivery); a job only wakes a delivery up.
CREATE TABLE webhook_deliveries (
  id               text PRIMARY KEY,
  subscription_id  text NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  event_id         text NOT NULL,
  event_type       text NOT NULL,
  body             text NOT NULL,
  created_at       timestamptz NOT NULL,
  state            text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts         jsonb NOT NULL DEFAULT '[]',
  next_attempt_at  timestamptz,
  -- Set while one instance is sending it (on the database's clock), so it is never sent twice at once.
  sending_until    timestamptz,
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription_id, created_at DESC, id DESC);

-- Events reported by agents (conflict, sync.paused); the key makes a repeated report one event.
CREATE TABLE reported_events (
  account_id   text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- Newest first among events received within one clock tick too.
  seq          bigint GENERATED ALWAYS AS IDENTITY,
  dedupe_key   text NOT NULL,
  event_type   text NOT NULL,
  event        jsonb NOT NULL,
  received_at  timestamptz NOT NULL,
  PRIMARY KEY (account_id, dedupe_key)
);
CREATE INDEX reported_events_recent ON reported_events (account_id, received_at DESC, seq DESC);

-- Single-use codes: only the SHA-256 of the code is stored, and its value is sealed.
CREATE TABLE one_time_codes (
  code_hash   text PRIMARY KEY,
  purpose     text NOT NULL,
  sealed      text NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX one_time_codes_expiry ON one_time_codes (purpose, expires_at);

-- Tokens we issue to Notion for Link Previews: only their SHA-256.
CREATE TABLE preview_grants (
  id                  text PRIMARY KEY,
  account_id          text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  access_token_hash   text NOT NULL UNIQUE,
  access_expires_at   timestamptz NOT NULL,
  refresh_token_hash  text NOT NULL UNIQUE,
  notion_token        text,
  created_at          timestamptz NOT NULL
);

-- A link unfurled in Notion, pushed again when the link changes. Query variants of one link are one preview.
CREATE TABLE link_previews (
  grant_id      text NOT NULL REFERENCES preview_grants (id) ON DELETE CASCADE,
  link_id       text NOT NULL,
  account_id    text NOT NULL,
  uri           text NOT NULL,
  created_at    timestamptz NOT NULL,
  last_sent_at  timestamptz NOT NULL,
  changed_at    timestamptz,
  PRIMARY KEY (grant_id, link_id)
);
CREATE INDEX link_previews_link ON link_previews (link_id);
