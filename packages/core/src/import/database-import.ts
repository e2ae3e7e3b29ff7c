import type { WriteAuditEntry } from "../audit/audit-entry";
import type { DatabaseContext } from "../engine/database-context";
import { ProgressMeter } from "../engine/progress";
import { operationContext } from "../engine/row-writes";
import { ImportError } from "./import-error";
import { previewImport } from "./import-preview";
import { type ImportRowOutcome, importRows } from "./import-rows";

export interface ImportFailure {
  readonly line: number;
  readonly title: string;
  readonly message: string;
}

export interface ImportSummary {
  /** Rows whose link this import made (a new row, or a row already in Notion with this destination and no link). */
  readonly created: number;
  /** Rows an earlier import (or a Zap) already made: left as they are. */
  readonly existing: number;
  readonly failed: readonly ImportFailure[];
  /** Every row's outcome, in the file's order. */
  readonly rows: readonly ImportRowOutcome[];
}

/**
 * Imports a CSV of destinations into an attached database at interactive priority (a person is waiting), with
 * `sync.progress` events (phase `import`) as rows settle, an audit entry for every write and `link.created` for
 * every link made. A file with a file-level problem is refused before anything is written.
 */
export async function importCsvIntoDatabase(ctx: DatabaseContext, csvText: string): Promise<ImportSummary> {
  const preview = previewImport(csvText, ctx.fieldMap);
  if (preview.fileErrors.length > 0) {
    throw new ImportError("import_file_invalid", preview.fileErrors.map((e) => e.message).join(" "));
  }
  const meter = new ProgressMeter(preview.rows.length, ctx.clock.now());
  const outcomes = await importRows(
    operationContext(ctx, "interactive"),
    ctx.key.dataSourceId,
    preview.rows,
    {
      concurrency: ctx.rowsInFlight,
      onRow: async (outcome) => {
        if (outcome.status === "created") await recordCreated(ctx, outcome);
        ctx.events.emit("sync.progress", {
          databaseId: ctx.databaseId,
          phase: "import",
          ...meter.record(ctx.clock.now()),
          throttled: ctx.schedulerStatus().state === "throttled",
        });
      },
    },
  );
  return {
    created: outcomes.filter((o) => o.status === "created").length,
    existing: outcomes.filter((o) => o.status === "existing").length,
    failed: outcomes.flatMap((o) =>
      o.status === "failed" ? [{ line: o.line, title: o.title, message: o.message }] : [],
    ),
    rows: outcomes,
  };
}

async function recordCreated(
  ctx: DatabaseContext,
  outcome: Extract<ImportRowOutcome, { status: "created" }>,
): Promise<void> {
  const at = new Date(ctx.clock.now()).toISOString();
  const write = (target: WriteAuditEntry["target"], column: string, to: string, reason: string) =>
    ({
      kind: "write",
      at,
      connectionId: ctx.key.connectionId,
      databaseId: ctx.databaseId,
      pageId: outcome.pageId,
      title: outcome.title,
      target,
      column,
      from: null,
      to,
      reason: `${reason} (CSV import, line ${outcome.line})`,
      source: "user",
    }) satisfies WriteAuditEntry;
  await ctx.audit.append(
    ...(outcome.newRow
      ? [write("notion", ctx.fieldMap.destination, outcome.destination, "row created")]
      : []),
    write("provider", "link", outcome.shortUrl, "link created"),
    write("notion", ctx.fieldMap.shortUrl, outcome.shortUrl, "filled by Linksync"),
  );
  ctx.events.emit("link.created", {
    databaseId: ctx.databaseId,
    pageId: outcome.pageId,
    title: outcome.title,
    linkId: outcome.linkId,
    shortUrl: outcome.shortUrl,
    destination: outcome.destination,
    at,
  });
}
