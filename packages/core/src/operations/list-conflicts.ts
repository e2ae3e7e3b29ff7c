import { decodeRow } from "../codec/decode-row";
import type { ConflictEvent } from "../events/events";
import type { Row } from "../rows/row";
import { conflictLogOf, type LoggedConflict } from "./conflict-log";
import { requireMappedDataSource } from "./mapped-columns";
import { callOptions, type OperationContext } from "./operation-context";
import { conflictEvent, conflictsOnRow } from "./record-conflict";

export interface ListConflictsOptions {
  /** ISO-8601: only rows whose Conflict At is on or after it. */
  readonly since?: string;
  /** Rows read at most, those with the latest Conflict At first. Default 25. */
  readonly rowLimit?: number;
}

const DEFAULT_ROW_LIMIT = 25;

/**
 * The conflicts recorded in a database, newest first, read from Notion alone (so a client holding only the token
 * sees those found by any agent): rows whose Conflict At is set, then each row's Conflict Log and its open conflict
 * comments (a resolved comment leaves Notion's listing, not the log). One record per conflict, its id the comment's
 * ref. Costs one query plus one comments listing per row.
 */
export async function listConflicts(
  ctx: OperationContext<"retrieveDataSource" | "queryDataSource" | "listComments">,
  dataSourceId: string,
  options: ListConflictsOptions = {},
): Promise<ConflictEvent[]> {
  const filterProperties = await requireMappedDataSource(ctx, dataSourceId, [
    "title",
    "linkId",
    "conflictAt",
  ]);
  const rowLimit = options.rowLimit ?? DEFAULT_ROW_LIMIT;
  const conflictAt = ctx.fieldMap.conflictAt;
  const query = ctx.notion.queryDataSource(
    {
      dataSourceId,
      filter: {
        property: conflictAt,
        date: options.since ? { on_or_after: options.since } : { is_not_empty: true },
      },
      sorts: [{ property: conflictAt, direction: "descending" }],
      pageSize: rowLimit,
      filterProperties,
    },
    callOptions(ctx),
  );
  const rows: { readonly row: Row; readonly logged: readonly LoggedConflict[] }[] = [];
  for await (const page of query) {
    rows.push({ row: decodeRow(page, ctx.fieldMap), logged: conflictLogOf(page, ctx) });
    if (rows.length >= rowLimit) break;
  }
  const conflicts: ConflictEvent[] = [];
  const seen = new Set<string>();
  for (const { row, logged } of rows) {
    // The log first (it keeps resolved comments' conflicts), then open comments (conflicts logged before it existed).
    for (const found of [...logged, ...(await conflictsOnRow(ctx, row.pageId))]) {
      // Two agents racing may both have commented: the earliest comment stands for the conflict.
      if (seen.has(found.conflictId)) continue;
      seen.add(found.conflictId);
      if (options.since && Date.parse(found.at) < Date.parse(options.since)) continue;
      conflicts.push(conflictEvent(dataSourceId, row, row.linkId ?? "", found));
    }
  }
  return conflicts.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}
