import { describeFailure, isRevoked } from "../engine/failures";
import type { NotionGateway } from "../notion/gateway-port";
import { createShortLink } from "../operations/create-short-link";
import type { OperationContext } from "../operations/operation-context";
import { OperationError } from "../operations/operation-error";
import type { ChangeSource } from "../providers/link-provider";
import type { ImportPreviewRow } from "./import-preview";

export type ImportRowOutcome =
  | {
      readonly status: "created";
      readonly line: number;
      readonly title: string;
      readonly pageId: string;
      readonly linkId: string;
      readonly shortUrl: string;
      readonly destination: string;
      /** False when a row with this destination and no link was already in Notion: it got the link. */
      readonly newRow: boolean;
    }
  | {
      readonly status: "existing";
      readonly line: number;
      readonly title: string;
      readonly pageId: string;
      readonly linkId: string;
      readonly shortUrl: string;
      readonly destination: string;
    }
  | {
      readonly status: "failed";
      readonly line: number;
      readonly title: string;
      readonly code: string;
      readonly message: string;
    };

export interface ImportRowsOptions {
  /** Destinations worked on at once (default 4); the connection's scheduler keeps Notion's pace whatever it is. */
  readonly concurrency?: number;
  /** Recorded by providers that keep who asked. Default `linksync`. */
  readonly source?: ChangeSource;
  /** Called as each row settles, in the order they settle. */
  readonly onRow?: (outcome: ImportRowOutcome) => void | Promise<void>;
}

/**
 * Creates each row and its link with `createShortLink`, so an import is as idempotent as one Zap: a row already
 * imported (same title and destination, linked) comes back `existing` and nothing is created twice. A row the
 * preview refused, or that Notion or the provider refuses, is `failed` with the reason; the others go on. Rows
 * sharing a destination run one after another: `createShortLink` adopts an unlinked row with the same destination,
 * and a sibling created a moment earlier must not look like one. Outcomes come back in the rows' order.
 *
 * The database's schema is read once per import, not once per row as `createShortLink` alone would: a quarter of
 * a new row's Notion requests, and three quarters of an existing one's.
 *
 * A token Notion revoked is no row's fault: the rows under way settle, no new one starts, and the error is thrown.
 */
export async function importRows(
  ctx: OperationContext,
  dataSourceId: string,
  rows: readonly ImportPreviewRow[],
  options: ImportRowsOptions = {},
): Promise<ImportRowOutcome[]> {
  const outcomes = new Map<ImportPreviewRow, ImportRowOutcome>();
  const settle = async (row: ImportPreviewRow, outcome: ImportRowOutcome) => {
    outcomes.set(row, outcome);
    await options.onRow?.(outcome);
  };
  const byDestination = new Map<string, ImportPreviewRow[]>();
  for (const row of rows) {
    if (row.errors.length > 0) {
      await settle(row, refusedInFile(row));
      continue;
    }
    const group = byDestination.get(row.destination) ?? [];
    group.push(row);
    byDestination.set(row.destination, group);
  }
  const importCtx: OperationContext = { ...ctx, notion: schemaReadOnce(ctx.notion) };
  const groups = [...byDestination.values()];
  let revoked: unknown = null;
  const worker = async () => {
    for (let group = groups.shift(); group && revoked === null; group = groups.shift()) {
      for (const row of group) {
        const outcome = await importRow(importCtx, dataSourceId, row, options.source).catch(
          (error: unknown) => {
            revoked = error;
            return null;
          },
        );
        if (outcome === null) break;
        await settle(row, outcome);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  if (revoked !== null) throw revoked;
  return rows.flatMap((row) => outcomes.get(row) ?? []);
}

async function importRow(
  ctx: OperationContext,
  dataSourceId: string,
  row: ImportPreviewRow,
  source: ChangeSource | undefined,
): Promise<ImportRowOutcome> {
  try {
    const result = await createShortLink(ctx, dataSourceId, {
      title: row.title,
      destination: row.destination,
      tags: row.tags,
      ...(source ? { source } : {}),
    });
    const done = {
      line: row.line,
      title: row.title,
      pageId: result.row.pageId,
      linkId: result.link.id,
      shortUrl: result.link.shortUrl,
      destination: result.link.destination,
    };
    return result.outcome === "existing"
      ? { status: "existing", ...done }
      : { status: "created", ...done, newRow: result.outcome === "created" };
  } catch (error) {
    if (isRevoked(error)) throw error;
    // One row's failure is that row's outcome, with the reason the error gives; the import goes on.
    return { status: "failed", line: row.line, title: row.title, ...reasonOf(error) };
  }
}

/** The gateway with `retrieveDataSource` answered from the first successful read of each data source. */
function schemaReadOnce<G extends Pick<NotionGateway, "retrieveDataSource">>(gateway: G): G {
  const reads = new Map<string, ReturnType<NotionGateway["retrieveDataSource"]>>();
  const retrieveDataSource: NotionGateway["retrieveDataSource"] = (dataSourceId, options) => {
    const read =
      reads.get(dataSourceId) ??
      gateway.retrieveDataSource(dataSourceId, options).catch((error: unknown) => {
        reads.delete(dataSourceId);
        throw error;
      });
    reads.set(dataSourceId, read);
    return read;
  };
  // A proxy, not a copy: `revoked` is a live getter and the scheduler is shared.
  return new Proxy(gateway, {
    get: (target, property) =>
      property === "retrieveDataSource" ? retrieveDataSource : Reflect.get(target, property, target),
  });
}

function refusedInFile(row: ImportPreviewRow): ImportRowOutcome {
  return {
    status: "failed",
    line: row.line,
    title: row.title,
    code: row.errors[0]?.code ?? "invalid_input",
    message: row.errors.map((e) => e.message).join(" "),
  };
}

function reasonOf(error: unknown): { readonly code: string; readonly message: string } {
  return error instanceof OperationError
    ? { code: error.code, message: error.message }
    : describeFailure(error);
}
