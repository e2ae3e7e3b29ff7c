import type { NotionGateway } from "@linksync/core";
import { Counter, Gauge, Histogram, Registry } from "prom-client";

type SchedulerStats = ReturnType<NotionGateway["scheduler"]["stats"]>;
export type RunWork = "database" | "rows";

/**
 * A worker's Prometheus metrics (`GET /metrics` on its ops port), labelled by connection id (never by token): the
 * Notion requests it sent and the 429s it got (from each connection's request scheduler, read when scraped; requests
 * per second is `rate(linksync_sync_notion_requests_total[1m])`), how long due jobs waited for a worker (queue lag),
 * its runs and their durations, and the jobs waiting cluster-wide. Each worker reports its own share: sum over the
 * workers for a connection's total.
 */
export class SyncMetrics {
  readonly registry = new Registry();
  private readonly notionRequests = new Counter({
    name: "linksync_sync_notion_requests_total",
    help: "Notion requests this worker sent (attempts, retries included), by connection and priority.",
    labelNames: ["connection", "priority"] as const,
    registers: [this.registry],
  });
  private readonly notionThrottled = new Counter({
    name: "linksync_sync_notion_throttled_total",
    help: "Notion answers that said slow down (429, 529), by connection.",
    labelNames: ["connection"] as const,
    registers: [this.registry],
  });
  private readonly notionWaiting = new Gauge({
    name: "linksync_sync_notion_waiting_requests",
    help: "Notion requests waiting in this worker for their connection's budget or a retry.",
    labelNames: ["connection"] as const,
    registers: [this.registry],
  });
  private readonly queueLag = new Histogram({
    name: "linksync_sync_queue_lag_seconds",
    help: "How long a due job waited for a worker (its start minus its due time, on the database's clock).",
    labelNames: ["connection", "work"] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
    registers: [this.registry],
  });
  private readonly runs = new Counter({
    name: "linksync_sync_runs_total",
    help: "Runs this worker ended, by connection, work (database, rows) and outcome (ran, rows_synced, skipped, busy, failed).",
    labelNames: ["connection", "work", "outcome"] as const,
    registers: [this.registry],
  });
  private readonly runSeconds = new Histogram({
    name: "linksync_sync_run_seconds",
    help: "Duration of this worker's runs, by connection and work.",
    labelNames: ["connection", "work"] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });
  private readonly jobsWaiting = new Gauge({
    name: "linksync_sync_jobs_waiting",
    help: "Jobs waiting in the cluster's sync queues (due or delayed), by queue.",
    labelNames: ["queue"] as const,
    registers: [this.registry],
  });
  /** What each gateway's scheduler had counted at the last scrape (a new gateway, after a new token, starts at 0). */
  private readonly scraped = new WeakMap<NotionGateway, SchedulerStats>();

  observeLag(connectionId: string, work: RunWork, lagMs: number): void {
    this.queueLag.observe({ connection: connectionId, work }, lagMs / 1000);
  }

  observeRun(connectionId: string, work: RunWork, outcome: string, seconds: number | null): void {
    this.runs.inc({ connection: connectionId, work, outcome });
    if (seconds !== null) this.runSeconds.observe({ connection: connectionId, work }, seconds);
  }

  /** Reads the schedulers' counts and the queues' depths, then renders the text exposition format. */
  async render(sample: {
    readonly gateways: Iterable<readonly [string, NotionGateway]>;
    readonly jobsWaiting: () => Promise<Readonly<Record<string, number>>>;
  }): Promise<string> {
    this.notionWaiting.reset();
    for (const [connectionId, gateway] of sample.gateways) {
      const stats = gateway.scheduler.stats();
      const before = this.scraped.get(gateway);
      for (const [priority, count] of Object.entries(stats.sent) as [
        keyof SchedulerStats["sent"],
        number,
      ][]) {
        const sent = count - (before?.sent[priority] ?? 0);
        if (sent > 0) this.notionRequests.inc({ connection: connectionId, priority }, sent);
      }
      const throttled = stats.throttledResponses - (before?.throttledResponses ?? 0);
      // Shown at 0 from a connection's first request on, so rate() and alerts see the series.
      this.notionThrottled.inc({ connection: connectionId }, Math.max(0, throttled));
      this.notionWaiting.set({ connection: connectionId }, gateway.scheduler.pending());
      this.scraped.set(gateway, stats);
    }
    for (const [queue, waiting] of Object.entries(await sample.jobsWaiting())) {
      this.jobsWaiting.set({ queue }, waiting);
    }
    return this.registry.metrics();
  }
}
