import { systemClock } from "../clock/clock";
import type { QrAttachment } from "../codec/row-patch";
import { planBackfillRow } from "../planning/plan-backfill-row";
import type { Row, RowSnapshot } from "../rows/row";
import type { DatabaseContext } from "./database-context";
import { WorkDeferred } from "./failures";
import { forEachInFlight } from "./in-flight";
import type { PhaseOutcome } from "./phase-outcome";
import { type ProgressFigures, ProgressMeter } from "./progress";
import { importOwedQrCodes } from "./qr-imports";
import { type QrMethod, QrMethodChooser } from "./qr-method";
import { owedQrCodes, uploadOwedQr } from "./qr-phase";
import { executeBackfillPlan, planInput } from "./row-step";

/** Waits for Notion's query lag when a cut backfill query lists nothing new (15 s in all, then the run goes on). */
const QUERY_LAG_WAITS_MS = [1_000, 2_000, 4_000, 8_000] as const;

/**
 * A QR costs about three Notion requests (upload create + send + page update), two when imported (create + page
 * update), where a link costs one: before the QR phase has a rate of its own, its ETA assumes that share of the
 * links' rate.
 */
const QR_COST_IN_LINKS: Readonly<Record<QrMethod, number>> = { upload: 3, import: 2, link: 0 };

/**
 * Links first, then QR codes. Mints a link for every row with a Destination and no Short URL (Live rows only when
 * Sync is mapped), keeping `rowsInFlight` rows going so the scheduler, not the engine, sets the pace, and writes it
 * in the row's one page update as soon as it exists, at `backfill` priority. Only then are the QR codes uploaded
 * (engine/qr-phase.ts), at `background` priority, so a QR never delays a link. Rows that already have a Short URL
 * are never touched. Resumable by construction: an interrupted run leaves rows without Short URL (found again by
 * the same query), pending intents (replayed), or snapshots that still owe their QR (the QR phase finds them); the
 * page's idempotency key returns the link already minted.
 */
export async function runBackfill(ctx: DatabaseContext): Promise<PhaseOutcome> {
  const chooser = new QrMethodChooser(ctx.qrImages);
  const owed = await owedQrCodes(ctx);
  const progress = new BackfillProgress(ctx, owed.length, chooser.fixed);
  // `auto`: the QR ETA assumes the method the first short URL will get (Notion imports, or Linksync uploads).
  const foresee = async (shortUrl: string) => progress.qrMethod(await chooser.methodFor(shortUrl));
  if (chooser.fixed === null && owed[0]) await foresee(owed[0].shortUrl);
  let created = 0;
  let failed = 0;
  const titles = new Map<string, string>();
  const linkRow = async (row: Row) => {
    const { mapped, now } = planInput(ctx, row, null, { snapshot: null });
    const outcome = await executeBackfillPlan(ctx, row, planBackfillRow({ row, mapped, now }));
    if (outcome === "created") {
      created++;
      titles.set(row.pageId, row.title);
      if (!progress.knowsQrMethod) {
        const snapshot = await ctx.store.getSnapshot(ctx.key, row.pageId);
        if (snapshot) await foresee(snapshot.shortUrl);
      }
    } else if (outcome === "failed") failed++;
    progress.linkDone(outcome === "created");
  };
  try {
    const seen = new Set<string>();
    let lagWaits = 0;
    // Notion lists at most about 10,000 rows per query; linked rows leave the filter, so asking again drains it.
    for (;;) {
      const batch = ctx.notion.rowsNeedingLinks("backfill");
      const rows: Row[] = [];
      for await (const row of batch) {
        if (row.inTrash || seen.has(row.pageId)) continue;
        seen.add(row.pageId);
        rows.push(row);
      }
      progress.linksFound(rows.length);
      await forEachInFlight(rows, ctx.rowsInFlight, linkRow);
      if (batch.complete) break;
      if (rows.length > 0) {
        lagWaits = 0;
        continue;
      }
      // A cut query that lists only rows already seen: Notion's filters lag its writes, so the rows just linked
      // still match. Wait for them to leave and ask again (real time, as the lag is Notion's), then give up.
      if (lagWaits >= QUERY_LAG_WAITS_MS.length) break;
      await systemClock.sleep(QUERY_LAG_WAITS_MS[lagWaits++] ?? 0);
    }
    const qr = await runQrPhase(ctx, titles, progress, chooser);
    return { created, updated: qr.updated, failed: failed + qr.failed, deferred: null, paused: false };
  } catch (error) {
    if (error instanceof WorkDeferred) return { created, updated: 0, failed, deferred: error, paused: false };
    throw error;
  }
}

/**
 * The QR codes owed by linked rows (this run's and any an earlier run left, e.g. when it crashed between a link and
 * its QR): each one upload (or import) and one page update, `rowsInFlight` at once, at `background` priority. Rows
 * whose QR Notion can import (`qrImages: import`, or `auto` for a public https shortener) are imported first.
 */
export async function runQrPhase(
  ctx: DatabaseContext,
  titles: ReadonlyMap<string, string> = new Map(),
  progress: BackfillProgress | null = null,
  chooser = new QrMethodChooser(ctx.qrImages),
): Promise<{ readonly updated: number; readonly failed: number }> {
  const owed = await owedQrCodes(ctx);
  const meter = progress ?? new BackfillProgress(ctx, owed.length, chooser.fixed);
  const toImport: RowSnapshot[] = [];
  const toUpload: RowSnapshot[] = [];
  for (const snapshot of owed) {
    ((await chooser.methodFor(snapshot.shortUrl)) === "import" ? toImport : toUpload).push(snapshot);
  }
  let updated = 0;
  let failed = 0;
  meter.qrStarted(toImport.length > 0 ? "import" : "upload");
  const attach = async (snapshot: RowSnapshot, imported: QrAttachment | null) => {
    if (await uploadOwedQr(ctx, snapshot, titles.get(snapshot.pageId) ?? "", imported)) updated++;
    else failed++;
    meter.qrDone();
  };
  if (toImport.length > 0) await importOwedQrCodes(ctx, toImport, attach, () => meter.qrMethod("upload"));
  if (toUpload.length > 0) meter.qrMethod("upload");
  await forEachInFlight(toUpload, ctx.rowsInFlight, (snapshot) => attach(snapshot, null));
  return { updated, failed };
}

/**
 * `sync.progress` of a backfill: links (`done`/`total`, rate, ETA, as before) and QR codes (`qr`), each with its ETA.
 */
export class BackfillProgress {
  private readonly links: ProgressMeter;
  private readonly qr: ProgressMeter;
  private qrRunning = false;

  /** `method`: how the QR codes get into Notion, `null` while `auto` has not seen a short URL yet (upload assumed). */
  constructor(
    private readonly ctx: DatabaseContext,
    qrOwed: number,
    private method: QrMethod | null,
  ) {
    const now = ctx.clock.now();
    this.links = new ProgressMeter(0, now);
    this.qr = new ProgressMeter(qrOwed, now);
  }

  get knowsQrMethod(): boolean {
    return this.method !== null;
  }

  /** The QR codes' method, decided (`auto`) or changed (imports fell back to uploads): their ETA follows it. */
  qrMethod(method: QrMethod): void {
    this.method = method;
  }

  /** Rows the backfill will link: as many QR codes follow, unless QR codes go with the link (`qrImages: link`). */
  linksFound(count: number): void {
    this.links.grow(count);
    if (this.ctx.qrImages !== "link") this.qr.grow(count);
    if (count > 0) this.emit();
  }

  linkDone(created: boolean): void {
    if (!created && this.ctx.qrImages !== "link") this.qr.grow(-1);
    this.links.record(this.ctx.clock.now());
    this.emit();
  }

  /** From here on the QR rate is measured rather than estimated from the links'. */
  qrStarted(method: QrMethod): void {
    this.method = method;
    this.qrRunning = true;
    this.qr.restart(this.ctx.clock.now());
  }

  qrDone(): void {
    this.qr.record(this.ctx.clock.now());
    this.emit();
  }

  private emit(): void {
    const now = this.ctx.clock.now();
    const links = this.links.figures(now);
    const method = this.method ?? "upload";
    const qr = this.qrRunning
      ? this.qr.figures(now)
      : qrEstimate(this.qr.figures(now), links, QR_COST_IN_LINKS[method]);
    this.ctx.events.emit("sync.progress", {
      databaseId: this.ctx.databaseId,
      phase: "backfill",
      ...links,
      throttled: this.ctx.schedulerStatus().state === "throttled",
      qr: method === "link" ? qr : { ...qr, method },
    });
  }
}

/** The QR figures while links are still being written: no QR rate yet, so the ETA follows the links'. */
function qrEstimate(qr: ProgressFigures, links: ProgressFigures, costInLinks: number): ProgressFigures {
  const remaining = qr.total - qr.done;
  const qrRate = costInLinks > 0 ? links.ratePerSecond / costInLinks : 0;
  const etaSeconds =
    remaining === 0 ? 0 : qrRate > 0 ? Math.ceil((links.etaSeconds ?? 0) + remaining / qrRate) : null;
  return { ...qr, ratePerSecond: 0, etaSeconds };
}
