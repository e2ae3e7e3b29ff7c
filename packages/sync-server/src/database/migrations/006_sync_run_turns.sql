-- Fair turns of database runs across connections (worker/run-turns.ts): each connection's next turn, and the turn
-- the cluster has reached (the highest a worker started). A job's pg-boss priority is minus its turn, so the
-- workers take every connection's first waiting run before anyone's second.
CREATE TABLE sync_run_turns (
  connection_id text PRIMARY KEY,
  next_turn bigint NOT NULL
);
CREATE TABLE sync_run_clock (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  turn bigint NOT NULL
);
INSERT INTO sync_run_clock (turn) VALUES (0);
