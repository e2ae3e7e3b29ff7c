/**
 * Benchmark: CPU time and memory to plan one cycle over 100,000 rows in memory (issue target: < 1 s, < 300 MB RSS).
 * Run: `npx tsx packages/core/src/planning/plan-cycle.benchmark.ts [rows]`. 1% of rows carry a Notion edit.
 */
import type { Link } from "../providers/link-provider";
import type { Row, RowSnapshot } from "../rows/row";
import { planRow } from "./plan-row";
import { qrFileNameFor } from "./qr-file-name";

const count = Number(process.argv[2] ?? 100_000);
const syncedAt = "2026-11-22T17:00:00.000Z";
const rows: Row[] = [];
const links: Link[] = [];
const snapshots: RowSnapshot[] = [];
for (let i = 0; i < count; i++) {
  const shortUrl = `https://go.acme.com/s${i}`;
  const destination = `https://example.com/campaign/${i}?utm_source=notion`;
  rows.push({
    pageId: `page-${i}`,
    url: `https://www.notion.so/page-${i}`,
    title: `Row ${i}`,
    destination: i % 100 === 0 ? `${destination}&edited` : destination,
    tags: ["spring", "launch"],
    shortUrl,
    clicks: 5,
    qrFileName: qrFileNameFor(shortUrl),
    lastSynced: syncedAt,
    sync: "Live",
    linkId: `link-${i}`,
    syncedDestination: destination,
    syncError: null,
    conflictAt: null,
    inTrash: false,
    lastEditedTime: syncedAt,
    problems: [],
  });
  links.push({
    id: `link-${i}`,
    shortUrl,
    slug: `s${i}`,
    destination,
    tags: ["spring", "launch"],
    externalId: `notion-page:page-${i}`,
    version: "1",
    updatedAt: syncedAt,
    updatedBy: "linksync",
  });
  snapshots.push({
    pageId: `page-${i}`,
    linkId: `link-${i}`,
    destination,
    tags: ["spring", "launch"],
    shortUrl,
    clicks: 5,
    qrForShortUrl: shortUrl,
    syncedAt,
  });
}

const mapped = { tags: true, sync: true };
const now = "2026-11-22T17:05:00.000Z";
const cpuBefore = process.cpuUsage();
const started = performance.now();
const kinds = new Map<string, number>();
for (let i = 0; i < count; i++) {
  const plan = planRow({ row: rows[i]!, link: links[i]!, snapshot: snapshots[i]!, mapped, now, clicks: 5 });
  kinds.set(plan.kind, (kinds.get(plan.kind) ?? 0) + 1);
}
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
console.log(
  JSON.stringify({
    rows: count,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
    plans: Object.fromEntries(kinds),
  }),
);
