import { Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The Prometheus metrics of one server instance (`GET /metrics`), in a registry of its own so several servers in one
 * process (tests, the demo) do not collide.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  /** Redirects since the last scrape: a plain number on the hot path, added to the counter when scraped. */
  private redirectsUnscraped = 0;
  private readonly redirects = new Counter({
    name: "linksync_redirects_total",
    help: "Short-link redirects answered (302).",
    registers: [this.registry],
    collect: () => {
      this.redirects.inc(this.redirectsUnscraped);
      this.redirectsUnscraped = 0;
    },
  });
  readonly linksCreated = this.counter("linksync_links_created_total", "Links created.");
  readonly clicksFlush = new Histogram({
    name: "linksync_clicks_flush_seconds",
    help: "Time to write one batch of counted clicks to the database.",
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly clicksFlushLag = this.gauge(
    "linksync_clicks_flush_lag_seconds",
    "Age of the oldest counted click not yet written (0 when none is pending).",
  );
  readonly queueDepth = this.gauge(
    "linksync_webhook_queue_depth",
    "Webhook deliveries waiting to be sent or retried.",
  );
  readonly deliveryFailures = this.counter(
    "linksync_webhook_delivery_failures_total",
    "Webhook delivery attempts that failed (non-2xx, timeout, refused target).",
  );

  countRedirect(): void {
    this.redirectsUnscraped += 1;
  }

  /** Reads the gauges that are computed on demand, then renders the text exposition format. */
  async render(sample: {
    pendingSince: () => number | null;
    queueDepth: () => Promise<number>;
  }): Promise<string> {
    const since = sample.pendingSince();
    this.clicksFlushLag.set(since === null ? 0 : Math.max(0, (Date.now() - since) / 1000));
    this.queueDepth.set(await sample.queueDepth());
    return this.registry.metrics();
  }

  private counter(name: string, help: string): Counter {
    return new Counter({ name, help, registers: [this.registry] });
  }

  private gauge(name: string, help: string): Gauge {
    return new Gauge({ name, help, registers: [this.registry] });
  }
}
