import {
  type CycleSummary,
  createNotionGateway,
  decodeRow,
  defaultFieldMap,
  type LinksyncEvent,
  type NotionGateway,
} from "@linksync/core";
import { type EmbeddedStack, startEmbeddedStack } from "../demo/embedded-stack";
import { makeTourEdits } from "../demo/two-way-tour";
import { eventLine } from "../terminal/event-lines";
import type { Output } from "../terminal/output";
import { renderProgressLine } from "../terminal/progress-bar";
import { renderTable } from "../terminal/table";

export interface DemoOptions {
  /** Run one backfill and one two-way cycle, print the summary and exit. */
  readonly once: boolean;
  readonly rows: number;
  readonly notionRequestsPerSecond: number;
  /** Serve the companion UI on 127.0.0.1 from the start (not with `once`), so the backfill can be watched there. */
  readonly ui: boolean;
  readonly pollIntervalMs: number;
}

/**
 * `linksync demo`: the whole contract on the embedded default. Backfill with a progress bar, then a Notion edit,
 * a shortener-side edit, a conflicting pair and a tag merge, then the resulting events and comments.
 */
export async function runDemo(options: DemoOptions, out: Output): Promise<number> {
  out.line(
    "Linksync demo — embedded default: a local Notion sandbox and the Linksync shortener, no account needed.",
  );
  const stack = await startEmbeddedStack(options);
  const stopPrinting = printEvents(stack, out);
  let ui: CompanionUi | null = null;
  try {
    out.line(`  Notion sandbox  ${stack.sandbox.baseUrl}  ("Spring Campaign", ${options.rows} rows)`);
    out.line(`  Shortener       ${stack.shortener.url}`);
    out.line(`  Agent data      ${stack.dataDir}`);
    ui = options.ui && !options.once ? await startCompanionUi(stack) : null;
    if (ui) out.line(`  Companion UI    ${ui.url}`);
    out.line(
      stack.createdColumns.length > 0
        ? `  Attached; created the missing columns: ${stack.createdColumns.join(", ")}`
        : "  Attached; every Linksync column was already there.",
    );

    out.heading("1. Backfill: a short link, QR code and Last Synced for every row with a Destination");
    const backfill = await syncOnce(stack);
    out.endProgress();
    out.line(
      `  Minted ${backfill.minted} links; ${backfill.failed} rows reported on the row (bad destinations); ${backfill.notionRequests} Notion requests in ${(backfill.durationMs / 1000).toFixed(1)}s.`,
    );

    out.heading("2. Two-way: edits on both sides, then one sync");
    const tour = await makeTourEdits(stack);
    for (const step of tour.steps) out.line(`  • "${step.title}": ${step.description}`);
    const cycle = await syncOnce(stack);
    out.endProgress();

    out.heading("3. What Notion shows now");
    const notion = createNotionGateway({
      auth: stack.seed.token,
      baseUrl: stack.sandbox.baseUrl,
      connectionId: "demo-reader",
    });
    for (const comment of await commentsOn(notion, tour.conflictRow.pageId))
      out.line(`  Comment on "${tour.conflictRow.title}": ${comment}`);
    const tagged = decodeRow(
      await notion.retrievePage(tour.tagRow.pageId, { priority: "interactive" }),
      defaultFieldMap(),
    );
    out.line(`  Tags of "${tour.tagRow.title}" in Notion: ${tagged.tags.join(", ")}`);
    for (const link of await stack.agent.topLinks(stack.databaseId, 3))
      out.line(`  Clicks of "${link.title}" in Notion: ${link.clicks}`);

    out.heading("Summary");
    out.line(summaryTable(stack, [backfill, cycle]));
    const status = stack.agent.status();
    out.line(`  Conflicts in the inbox: ${status.unreadConflicts}; writes pending: ${status.pendingWrites}.`);

    if (options.once) return 0;
    return await keepSyncing(stack, options, out, ui?.url ?? null);
  } finally {
    stopPrinting();
    await ui?.close();
    await stack.close();
  }
}

async function syncOnce(stack: EmbeddedStack): Promise<CycleSummary> {
  const [summary] = await stack.agent.syncNow(stack.databaseId);
  if (!summary) throw new Error("The agent ran no sync for the demo database.");
  return summary;
}

function printEvents(stack: EmbeddedStack, out: Output): () => void {
  return stack.agent.events.onAny((event: LinksyncEvent) => {
    if (event.type === "sync.progress") {
      const p = event.payload;
      if (p.phase !== "clicks")
        out.progress(renderProgressLine({ label: p.phase === "backfill" ? "  Backfill" : "  Sync", ...p }));
      return;
    }
    const line = eventLine(event);
    if (line !== null) out.line(line);
  });
}

async function commentsOn(notion: NotionGateway, pageId: string): Promise<string[]> {
  const comments = await notion.listComments(pageId, { priority: "interactive" });
  return comments.map((c) => c.rich_text.map((t) => t.plain_text).join(""));
}

function summaryTable(stack: EmbeddedStack, runs: readonly CycleSummary[]): string {
  const database = stack.agent.status().databases.find((d) => d.id === stack.databaseId);
  const total = (pick: (s: CycleSummary) => number) => runs.reduce((sum, run) => sum + pick(run), 0);
  const minted = total((s) => s.minted);
  const requests = total((s) => s.notionRequests);
  return renderTable(
    ["Measure", "Value"],
    [
      ["Rows in the database", stack.seed.rows.length],
      ["Rows with a link", database?.linked ?? 0],
      ["Links minted", minted],
      ["Rows updated (two-way)", total((s) => s.updated)],
      ["Conflicts (Notion won)", total((s) => s.conflicts)],
      ["Rows reported as bad", runs[0]?.failed ?? 0],
      ["Notion requests", requests],
      ["Notion requests per minted row", minted === 0 ? "-" : (requests / minted).toFixed(2)],
    ],
  );
}

interface CompanionUi {
  readonly url: string;
  close(): Promise<void>;
}

async function startCompanionUi(stack: EmbeddedStack): Promise<CompanionUi> {
  const { startHeadlessUi } = await import("@linksync/desktop");
  return startHeadlessUi({
    agent: stack.agent,
    dataDir: stack.dataDir,
    notionBaseUrl: stack.sandbox.baseUrl,
    defaultProvider: stack.provider,
  });
}

async function keepSyncing(
  stack: EmbeddedStack,
  options: DemoOptions,
  out: Output,
  uiUrl: string | null,
): Promise<number> {
  out.heading(`Syncing every ${Math.round(options.pollIntervalMs / 1000)}s. Ctrl-C stops.`);
  if (uiUrl)
    out.line(
      `  Open the companion UI to see the dashboard, the clicks chart and the conflict inbox: ${uiUrl}`,
    );
  out.line(
    `  Make your own edits through the sandbox's control API at ${stack.sandbox.baseUrl}/__control (see packages/notion-sandbox/README.md).`,
  );
  await stack.agent.start();
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  out.line("Stopping.");
  return 0;
}
