-- A second, caller-chosen key on a link: the request that asked for it (Zapier's Create Short Link derives one from
-- its input). The same key answers the same link, so a request retried before its first answer arrived, or while
-- the caller's own records still lag (Notion's query index), never mints a second link. Unique per account, like
-- external_id, and enforced by the database so two instances creating at once get one link.
ALTER TABLE links ADD COLUMN request_key text;
CREATE UNIQUE INDEX links_account_request_key ON links (account_id, request_key) WHERE request_key IS NOT NULL;
