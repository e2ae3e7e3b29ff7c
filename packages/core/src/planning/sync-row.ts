import type { RowPatch } from "../codec/row-patch";
import { formatConflictComment } from "../merge/conflict-comment";
import { conflictId } from "../merge/conflict-id";
import { decideDestination } from "../merge/destination";
import { mergeTags } from "../merge/tags";
import type { Link, LinkPatch } from "../providers/link-provider";
import type { Row, RowSnapshot } from "../rows/row";
import { checkDestination } from "../validation/destination";
import type { RowProblem } from "../validation/row-problem";
import { checkTags, tagCountProblem } from "../validation/tags";
import { qrFileNameFor } from "./qr-file-name";
import type { MappedColumns } from "./row-gates";
import type {
  ChangeField,
  ChangeReason,
  PlannedChange,
  PlannedConflict,
  QrUpload,
  RowPlan,
} from "./row-plan";

export interface SyncRowInput {
  readonly row: Row;
  readonly link: Link;
  /** Notion's Destination, validated. */
  readonly destination: string;
  readonly snapshot: RowSnapshot | null;
  readonly mapped: MappedColumns;
  readonly now: string;
  readonly clicks?: number;
  /** See `PlanRowInput.mintBase`. */
  readonly mintBase?: string | null;
}

/** Collects the writes of one row's plan, with the audit trail of each. */
class Writes {
  readonly row: { -readonly [K in keyof Omit<RowPatch, "qr">]: Omit<RowPatch, "qr">[K] } = {};
  readonly link: { -readonly [K in keyof LinkPatch]: LinkPatch[K] } = {};
  readonly changes: PlannedChange[] = [];
  qr: QrUpload | null = null;

  change(target: "notion" | "link", field: ChangeField, from: Shown, to: Shown, reason: ChangeReason): void {
    this.changes.push({ target, field, from: shown(from), to: shown(to), reason });
  }

  get rowWritten(): boolean {
    return this.qr !== null || Object.keys(this.row).length > 0;
  }
}

type Shown = string | number | readonly string[] | null;

export function syncRow(input: SyncRowInput): RowPlan {
  const { row, link, snapshot, now } = input;
  const writes = new Writes();
  const warnings: RowProblem[] = [];

  const { destination, conflict } = planDestination(input, writes, warnings);
  const tags = input.mapped.tags ? planTags(input, writes, warnings) : link.tags;
  planLinksyncColumns(input, writes);
  const clicks = planClicks(input, writes);
  planSyncError(row, warnings, writes);
  if (conflict) {
    writes.row.conflictAt = now;
    writes.change("notion", "conflictAt", row.conflictAt, now, "bookkeeping");
  }
  if (writes.rowWritten || lastSyncedNeedsRepair(row.lastSynced, snapshot?.syncedAt ?? null, now)) {
    writes.row.lastSynced = now;
    writes.change("notion", "lastSynced", row.lastSynced, now, "bookkeeping");
  }

  const linkWritten = Object.keys(writes.link).length > 0;
  const syncedAt = writes.rowWritten ? now : (row.lastSynced ?? snapshot?.syncedAt ?? now);
  const next: RowSnapshot = {
    pageId: row.pageId,
    linkId: link.id,
    destination,
    tags,
    shortUrl: link.shortUrl,
    clicks,
    qrForShortUrl: link.shortUrl,
    syncedAt: isoUtc(syncedAt),
  };
  const common = {
    kind: "sync",
    pageId: row.pageId,
    linkId: link.id,
    changes: writes.changes,
    warnings,
    snapshot: next,
  } as const;
  const rowWrite = writes.rowWritten ? { patch: writes.row, qr: writes.qr } : null;
  if (conflict && rowWrite) return { ...common, link: writes.link, row: rowWrite, conflict };
  if (linkWritten) return { ...common, link: writes.link, row: rowWrite, conflict: null };
  if (rowWrite) return { ...common, link: null, row: rowWrite, conflict: null };
  if (snapshot !== null && sameSnapshot(snapshot, next))
    return { kind: "skip", pageId: row.pageId, reason: "unchanged" };
  return { kind: "settle", pageId: row.pageId, snapshot: next };
}

function planDestination(
  { row, link, destination: notion, snapshot, now, mintBase }: SyncRowInput,
  writes: Writes,
  warnings: RowProblem[],
): { destination: string; conflict: PlannedConflict | null } {
  const base = row.syncedDestination ?? snapshot?.destination ?? mintBase ?? null;
  const decision = decideDestination({ notion, link: link.destination, base, linkSource: link.updatedBy });
  let destination = notion;
  let conflict: PlannedConflict | null = null;
  switch (decision.kind) {
    case "unchanged":
    case "settle":
      break;
    case "push":
      writes.link.destination = notion;
      writes.change("link", "destination", link.destination, notion, "notion_edit");
      break;
    case "pull": {
      const pulled = checkDestination(decision.value);
      if (pulled.ok) {
        destination = pulled.url;
        writes.row.destination = pulled.url;
        writes.change("notion", "destination", row.destination, pulled.url, "outside_edit");
      } else {
        warnings.push({
          ...pulled.problem,
          message: `The link's destination was changed outside Notion to an address Linksync refuses, so Notion's value was kept. ${pulled.problem.message}`,
        });
        writes.link.destination = notion;
        writes.change("link", "destination", link.destination, notion, "reverted");
      }
      break;
    }
    case "conflict": {
      const facts = { pageId: row.pageId, base, kept: decision.kept, dropped: decision.dropped };
      const id = conflictId(facts);
      const details = { conflictId: id, at: now, ...facts, droppedSource: decision.droppedSource };
      conflict = { ...details, comment: formatConflictComment(details) };
      writes.link.destination = notion;
      writes.change("link", "destination", link.destination, notion, "conflict");
      break;
    }
  }
  if (row.syncedDestination !== destination) {
    writes.row.syncedDestination = destination;
    writes.change("notion", "syncedDestination", row.syncedDestination, destination, "bookkeeping");
  }
  return { destination, conflict };
}

/** Merges tags both ways; link tags Notion would refuse stay on the link and are reported, never dropped. */
function planTags(
  { row, link, snapshot }: SyncRowInput,
  writes: Writes,
  warnings: RowProblem[],
): readonly string[] {
  const linkTags = checkTags(link.tags);
  const merge = mergeTags({ base: snapshot?.tags ?? null, notion: row.tags, link: linkTags.accepted });
  const tooMany = tagCountProblem(merge.result.length);
  if (tooMany) {
    // Notion would refuse the whole page update: neither side is written, the row says why.
    warnings.push(tooMany, ...linkTags.refused.map((r) => r.problem));
    return row.tags;
  }
  if (merge.writeNotion) {
    writes.row.tags = merge.result;
    writes.change("notion", "tags", row.tags, merge.result, "tags_merge");
  }
  if (merge.writeLink) {
    const onLink = [...merge.result, ...linkTags.refused.map((r) => r.tag)];
    writes.link.tags = onLink;
    writes.change("link", "tags", link.tags, onLink, "tags_merge");
  }
  warnings.push(...linkTags.refused.map((r) => r.problem));
  return merge.result;
}

/** Short URL, Link ID and QR mirror the link: rewritten only when they differ from it. */
function planLinksyncColumns({ row, link }: SyncRowInput, writes: Writes): void {
  if (row.shortUrl !== link.shortUrl) {
    writes.row.shortUrl = link.shortUrl;
    writes.change(
      "notion",
      "shortUrl",
      row.shortUrl,
      link.shortUrl,
      row.shortUrl === null ? "filled" : "reverted",
    );
  }
  if (row.linkId !== link.id) {
    writes.row.linkId = link.id;
    writes.change("notion", "linkId", row.linkId, link.id, row.linkId === null ? "filled" : "reverted");
  }
  const fileName = qrFileNameFor(link.shortUrl);
  if (row.qrFileName !== fileName) {
    writes.qr = { shortUrl: link.shortUrl, fileName };
    writes.change("notion", "qr", row.qrFileName, fileName, row.qrFileName === null ? "filled" : "reverted");
  }
}

/**
 * Clicks are written when a fresh count differs from the cell (or the cell is empty). Without a fresh count the
 * cell is left alone: another agent may hold a newer count than this one's snapshot.
 */
function planClicks({ row, snapshot, clicks }: SyncRowInput, writes: Writes): number {
  const target = clicks ?? (row.clicks === null ? (snapshot?.clicks ?? 0) : null);
  if (target !== null && row.clicks !== target) {
    writes.row.clicks = target;
    writes.change(
      "notion",
      "clicks",
      row.clicks,
      target,
      clicks === undefined ? "filled" : "clicks_refreshed",
    );
  }
  return target ?? row.clicks ?? 0;
}

function planSyncError(row: Row, warnings: readonly RowProblem[], writes: Writes): void {
  const message = warnings.length > 0 ? warnings.map((w) => w.message).join(" ") : null;
  if (row.syncError === message) return;
  writes.row.syncError = message;
  writes.change(
    "notion",
    "syncError",
    row.syncError,
    message,
    message === null ? "error_cleared" : "error_reported",
  );
}

/** Another agent's clock may run ahead of ours; a Last Synced this far ahead is still taken as its write. */
const CLOCK_SKEW_MINUTES = 10;

/**
 * Last Synced is rewritten with any write. On its own, only when it cannot be Linksync's: empty, older than the
 * last sync this agent made, or further in the future than clock skew explains. A newer value is another agent's
 * write and is accepted, so two agents never take turns rewriting it.
 */
function lastSyncedNeedsRepair(value: string | null, syncedAt: string | null, now: string): boolean {
  if (value === null) return true;
  const at = minute(value);
  return (syncedAt !== null && at < minute(syncedAt)) || at > minute(now) + CLOCK_SKEW_MINUTES;
}

/** Notion may keep a date at a coarser precision than written: compare to the minute. */
function minute(iso: string): number {
  return Math.floor(Date.parse(iso) / 60_000);
}

/** One spelling of a UTC instant, so snapshots compare equal whatever format Notion echoed the date in. */
function isoUtc(value: string): string {
  return value.length === 24 && value.endsWith("Z") ? value : new Date(value).toISOString();
}

function sameSnapshot(a: RowSnapshot, b: RowSnapshot): boolean {
  return (
    a.pageId === b.pageId &&
    a.linkId === b.linkId &&
    a.destination === b.destination &&
    a.shortUrl === b.shortUrl &&
    a.clicks === b.clicks &&
    a.qrForShortUrl === b.qrForShortUrl &&
    (a.syncedAt === b.syncedAt || Date.parse(a.syncedAt) === Date.parse(b.syncedAt)) &&
    a.tags.length === b.tags.length &&
    a.tags.every((tag, i) => b.tags[i] === tag)
  );
}

function shown(value: Shown): string | null {
  if (value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return value.join(", ");
}
