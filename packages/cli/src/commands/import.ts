import { readFile } from "node:fs/promises";
import type { ImportPreview, ImportPreviewRow, ImportSummary } from "@linksync/core";
import type { SyncEnvironment } from "../config/environment";
import type { Output } from "../terminal/output";
import { renderProgressLine } from "../terminal/progress-bar";
import { renderTable } from "../terminal/table";
import { attachDatabase, type DatabaseOptions, openAgent } from "./sync";

export interface ImportOptions extends Omit<DatabaseOptions, "createColumns"> {
  /** Path of the CSV file (title, destination, tags). */
  readonly file: string;
  /** Preview only: nothing is written to Notion or the shortener. */
  readonly dryRun: boolean;
}

/**
 * `linksync import FILE --database …`: previews the file with each row's problems, then creates the rows and their
 * links (unless `--dry-run`) and prints what happened. Exit code 1 when any row failed or, dry, would fail.
 */
export async function runImport(options: ImportOptions, env: SyncEnvironment, out: Output): Promise<number> {
  const csvText = await readFile(options.file, "utf8").catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not read the CSV file (${reason}). Check the path.`);
  });
  const { agent } = await openAgent(options.dataDir);
  const stopProgress = agent.events.on("sync.progress", (progress) => {
    if (progress.phase === "import") out.progress(renderProgressLine({ label: "  import", ...progress }));
  });
  try {
    // Import never adds columns: a database not set up for Linksync is refused with the way to set it up.
    const database = await attachDatabase(agent, { ...options, createColumns: false }, env, out);
    const preview = await agent.previewImport(database.id, csvText);
    if (preview.fileErrors.length > 0) {
      for (const problem of preview.fileErrors) out.line(`✗ ${problem.message}`);
      return 1;
    }
    printPreview(preview, options.dryRun, out);
    if (options.dryRun) return preview.ready < preview.rows.length ? 1 : 0;
    out.line(`Importing into "${database.title}" (${database.url}).`);
    const summary = await agent.importCsv(database.id, csvText);
    out.endProgress();
    printSummary(summary, out);
    return summary.failed.length > 0 ? 1 : 0;
  } finally {
    stopProgress();
    await agent.stop();
  }
}

/** Every row on a dry run; before a real import, only the rows that will fail (the rest show in the summary). */
function printPreview(preview: ImportPreview, everyRow: boolean, out: Output): void {
  const problems = preview.rows.length - preview.ready;
  out.line(`${preview.rows.length} rows: ${preview.ready} ready, ${problems} with problems.`);
  const shown = everyRow ? preview.rows : preview.rows.filter((row) => row.errors.length > 0);
  if (shown.length === 0) return;
  out.line(
    renderTable(
      ["Line", "Title", "Destination", "Tags", "Check"],
      shown.map((row) => [
        row.line,
        oneLine(row.title, 40),
        oneLine(row.destination, 60),
        oneLine(row.tags.join(", "), 30),
        checkOf(row),
      ]),
    ),
  );
}

function printSummary(summary: ImportSummary, out: Output): void {
  out.line(
    renderTable(
      ["Created", "Existing", "Failed"],
      [[summary.created, summary.existing, summary.failed.length]],
    ),
  );
  if (summary.failed.length === 0) return;
  out.line(
    renderTable(
      ["Line", "Title", "Reason"],
      summary.failed.map((failure) => [
        failure.line,
        oneLine(failure.title, 40),
        oneLine(failure.message, 200),
      ]),
    ),
  );
}

function checkOf(row: ImportPreviewRow): string {
  return row.errors.length === 0 ? "ok" : row.errors.map((e) => oneLine(e.message, 200)).join(" ");
}

/** A cell on one line and at most `max` characters: titles may hold line breaks, and a table must stay a table. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
