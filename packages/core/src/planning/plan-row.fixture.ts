import type { Link } from "../providers/link-provider";
import type { Row, RowSnapshot } from "../rows/row";
import { type PlanRowInput, planRow } from "./plan-row";
import { qrFileNameFor } from "./qr-file-name";
import type { RowPlan, SyncPlan } from "./row-plan";

/** One synced row, its link and its snapshot, for planRow's tests; each test changes only what it is about. */
export const PAGE = "38c9ce7b-60a4-8168-ae4b-dee385a036ec";
export const A = "https://a.example/spring";
export const B = "https://b.example/spring";
export const C = "https://c.example/spring";
export const SHORT = "https://go.acme.com/x7Kp2";
export const SYNCED_AT = "2026-11-22T17:00:00.000Z";
export const NOW = "2026-11-22T17:05:00.000Z";

/** A row as Linksync left it at its last sync. */
export function syncedRow(change: Partial<Row> = {}): Row {
  return {
    pageId: PAGE,
    url: "https://www.notion.so/Spring-38c9ce7b60a48168ae4bdee385a036ec",
    title: "Spring",
    destination: A,
    tags: ["spring"],
    shortUrl: SHORT,
    clicks: 10,
    qrFileName: qrFileNameFor(SHORT),
    lastSynced: SYNCED_AT,
    sync: "Live",
    linkId: "lnk_1",
    syncedDestination: A,
    syncError: null,
    conflictAt: null,
    inTrash: false,
    lastEditedTime: SYNCED_AT,
    problems: [],
    ...change,
  };
}

export function link(change: Partial<Link> = {}): Link {
  return {
    id: "lnk_1",
    shortUrl: SHORT,
    slug: "x7Kp2",
    destination: A,
    tags: ["spring"],
    externalId: `notion-page:${PAGE}`,
    version: "1",
    updatedAt: SYNCED_AT,
    updatedBy: "linksync",
    ...change,
  };
}

export const snapshot: RowSnapshot = {
  pageId: PAGE,
  linkId: "lnk_1",
  destination: A,
  tags: ["spring"],
  shortUrl: SHORT,
  clicks: 10,
  qrForShortUrl: SHORT,
  syncedAt: SYNCED_AT,
};

export function plan(input: Partial<PlanRowInput> = {}): RowPlan {
  return planRow({
    row: syncedRow(),
    link: link(),
    snapshot,
    mapped: { tags: true, sync: true },
    now: NOW,
    ...input,
  });
}

export function sync(input: Partial<PlanRowInput>): SyncPlan {
  const result = plan(input);
  if (result.kind !== "sync") throw new Error(`expected a sync plan, got ${JSON.stringify(result)}`);
  return result;
}
