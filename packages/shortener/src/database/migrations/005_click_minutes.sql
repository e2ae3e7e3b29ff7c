-- Clicks per link and clock minute for `link.clicked` webhooks, summed across every instance: each instance's
-- click flush adds its counts here (only for links of accounts subscribed to link.clicked), and once a minute is
-- over one instance takes its rows (DELETE … RETURNING, so each is sent once) and queues the events.
CREATE TABLE click_minutes (
  link_id        text NOT NULL REFERENCES links (id) ON DELETE CASCADE,
  window_start   timestamptz NOT NULL,
  clicks         bigint NOT NULL,
  last_click_at  timestamptz NOT NULL,
  PRIMARY KEY (link_id, window_start)
);
CREATE INDEX click_minutes_due ON click_minutes (window_start);
