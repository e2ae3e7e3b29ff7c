-- One row per Notion connection: its request budget (token buckets, interactive reserve, Retry-After hold), shared
-- by every worker that uses the connection's token (budget/sql-shared-budget.ts).
CREATE TABLE sync_budgets (
  connection_id text PRIMARY KEY,
  state jsonb NOT NULL
);
