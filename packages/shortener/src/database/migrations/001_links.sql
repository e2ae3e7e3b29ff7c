-- Accounts, their API keys (hashed), links, click totals and UTM templates.

CREATE TABLE accounts (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Keys are never stored: only their SHA-256, looked up by that hash.
CREATE TABLE api_keys (
  id          text PRIMARY KEY,
  account_id  text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key_hash    bytea NOT NULL UNIQUE,
  -- The first characters of the key, so a person can tell keys apart in a listing.
  key_prefix  text NOT NULL,
  -- true for the keys given in the server's configuration (re-read at every start), false for issued keys.
  configured  boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

-- Positions in the change feed. Writers of one account take that account's transaction lock before nextval, so
-- within an account the order of change_seq is the order of commits (see docs/data-model.md).
CREATE SEQUENCE link_change_seq;

CREATE TABLE links (
  id           text PRIMARY KEY,
  account_id   text NOT NULL REFERENCES accounts (id),
  slug         text NOT NULL UNIQUE,
  destination  text NOT NULL,
  tags         text[] NOT NULL DEFAULT '{}',
  title        text,
  external_id  text,
  version      integer NOT NULL DEFAULT 1,
  change_seq   bigint NOT NULL,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  updated_by   text NOT NULL
);
-- One link per externalId and account, enforced by the database (two instances minting at once get one link).
CREATE UNIQUE INDEX links_account_external_id ON links (account_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX links_account_change_seq ON links (account_id, change_seq);

-- Apart from links so the once-a-second increments never rewrite a link row or touch the feed.
CREATE TABLE link_clicks (
  link_id        text PRIMARY KEY REFERENCES links (id) ON DELETE CASCADE,
  count          bigint NOT NULL,
  last_click_at  timestamptz
);

CREATE TABLE utm_templates (
  id          text PRIMARY KEY,
  account_id  text NOT NULL REFERENCES accounts (id),
  tag         text,
  template    text NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  UNIQUE NULLS NOT DISTINCT (account_id, tag)
);
