-- The databases the server syncs (the agent's databases.json): which connection and data source, the columns'
-- property ids saved when the field map was verified, and how the QR column gets its image.
CREATE TABLE sync_server_databases (
  id text PRIMARY KEY,
  connection_id text NOT NULL,
  data_source_id text NOT NULL,
  settings jsonb NOT NULL,
  UNIQUE (connection_id, data_source_id)
);
