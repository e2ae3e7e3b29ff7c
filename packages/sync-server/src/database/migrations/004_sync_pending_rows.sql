-- Rows a Notion webhook named, waiting for their database's next targeted run. One row per page: a page named again
-- before the run takes a new `seq`, so a run deletes only what it read (`seq <=` the highest it saw) and an edit
-- that arrives during the run is kept for the next.
CREATE SEQUENCE sync_pending_rows_seq;
CREATE TABLE sync_pending_rows (
  database_id text NOT NULL,
  page_id text NOT NULL,
  seq bigint NOT NULL DEFAULT nextval('sync_pending_rows_seq'),
  PRIMARY KEY (database_id, page_id)
);
