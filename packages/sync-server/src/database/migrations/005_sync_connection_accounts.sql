-- Which server account (the link service's `accounts`) a connection belongs to: its databases, state, outbox, audit
-- entries and conflicts are reachable through the account's API only. Connections made before have none until an
-- operator ties them (`linksync-server sync own <connection> <account>`); the API shows them to nobody.
ALTER TABLE sync_connections ADD COLUMN account_id text;
CREATE INDEX sync_connections_account ON sync_connections (account_id);
