import { encodeRowPatch } from "../codec/encode-row-patch";
import type { RowPatch } from "../codec/row-patch";
import type { FieldRole } from "../fields/field-map";
import type { LinkProvider } from "../providers/link-provider";
import { type ReadRow, readRow } from "./mapped-columns";
import { callOptions, nowIso, type OperationContext } from "./operation-context";
import {
  type ConflictCalls,
  type ConflictFinding,
  type RecordedConflict,
  recordConflict,
} from "./record-conflict";

/** One database's rows as an operation reads and writes them. */
export interface RowsPort {
  /** The row decoded; a column in `roles` the page lacks means the database is not mapped (`database_not_mapped`). */
  read(pageId: string, roles: readonly FieldRole[]): Promise<ReadRow>;
  /** Every column of the patch in one page update. */
  write(pageId: string, patch: RowPatch): Promise<void>;
}

/** Where a conflict is recorded for every client to read: the row's Conflict At and one comment (record-conflict.ts). */
export interface ConflictLog {
  record(finding: ConflictFinding): Promise<RecordedConflict>;
}

/** What a Destination write runs on: the rows, the conflict log, the link provider and the time. */
export interface DestinationPorts {
  readonly rows: RowsPort;
  readonly conflicts: ConflictLog;
  readonly provider: LinkProvider;
  /** ISO-8601 UTC. */
  now(): string;
}

/** The ports over one Notion connection and link provider, as a stateless client (Zapier) and the agent use them. */
export function notionPorts(ctx: OperationContext<ConflictCalls>): DestinationPorts {
  return {
    rows: {
      read: (pageId, roles) => readRow(ctx, pageId, roles),
      write: async (pageId, patch) => {
        await ctx.notion.updatePage(
          { page_id: pageId, properties: encodeRowPatch(patch, ctx.fieldMap) },
          callOptions(ctx),
        );
      },
    },
    conflicts: { record: (finding) => recordConflict(ctx, finding) },
    provider: ctx.provider,
    now: () => nowIso(ctx),
  };
}
