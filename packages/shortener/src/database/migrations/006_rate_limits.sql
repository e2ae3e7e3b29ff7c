-- Rate limits shared by every instance (Notion's requests per second for Link Preview updates): the next free slot
-- of each limiter, in epoch milliseconds, taken by one UPDATE per request.
CREATE TABLE rate_limits (
  name          text PRIMARY KEY,
  next_slot_ms  double precision NOT NULL
);
