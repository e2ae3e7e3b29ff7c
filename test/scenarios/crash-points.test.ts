import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AuditLog, type CrashPoint } from "@linksync/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commentsOn, notionRows } from "../support/notion-rows";
import { startWorld, type World } from "../support/world";

const AGENT = fileURLToPath(new URL("../support/agent-process.ts", import.meta.url));

let world: World;
let dataDir: string;
/** A second agent's data directory, for the two-agent cases. */
let otherDir: string;
const secretKey = randomBytes(32).toString("hex");
beforeEach(async () => {
  world = await startWorld({ rows: 6 });
  dataDir = await mkdtemp(join(tmpdir(), "linksync-crash-points-"));
  otherDir = await mkdtemp(join(tmpdir(), "linksync-crash-points-other-"));
});
afterEach(async () => {
  await world.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(otherDir, { recursive: true, force: true });
});

/**
 * Runs one sync in the agent's own process; with `crashAt`, the process SIGKILLs itself at that point; with
 * `clockAt`, the agent's clock stands at that instant.
 */
function runAgent(
  crashAt: CrashPoint | null,
  dir = dataDir,
  clockAt?: string,
): Promise<"finished" | "killed"> {
  const child = spawn(process.execPath, ["--import", "tsx", AGENT], {
    env: {
      ...process.env,
      LINKSYNC_DATA_DIR: dir,
      LINKSYNC_SECRET_KEY: secretKey,
      LINKSYNC_ROWS_IN_FLIGHT: "1",
      NOTION_TOKEN: world.seed.token,
      NOTION_BASE_URL: world.sandbox.baseUrl,
      DATA_SOURCE_ID: world.seed.dataSourceId,
      SHORTENER_URL: world.shortener.url,
      SHORTENER_API_KEY: world.shortener.apiKey,
      ...(crashAt ? { LINKSYNC_CRASH_AT: crashAt, LINKSYNC_CRASH_LOG: join(dir, "crashed-page") } : {}),
      ...(clockAt ? { LINKSYNC_CLOCK_AT: clockAt } : {}),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve("killed");
      else if (code === 0) resolve("finished");
      else reject(new Error(`the agent process exited with ${code}`));
    });
  });
}

async function auditEntries(dir = dataDir) {
  const log = await AuditLog.open(join(dir, "audit.jsonl"));
  try {
    return await log.query();
  } finally {
    await log.close();
  }
}

async function inbox(dir = dataDir): Promise<{ conflictId: string }[]> {
  const text = await readFile(join(dir, "conflicts.json"), "utf8").catch(() => "[]");
  return JSON.parse(text) as { conflictId: string }[];
}

/** A Destination conflict on a linked row: edited in Notion and, differently, by a Zap on the link. */
async function makeConflict() {
  const row = [...(await notionRows(world)).values()].find((r) => r.linkId !== null);
  if (!row?.linkId) throw new Error("the backfill linked no row");
  const kept = "https://a.example/kept-in-notion";
  const dropped = "https://b.example/from-a-zap";
  await world.sandbox.control.editPageAsPerson(row.pageId, { Destination: kept });
  await world.links.update(row.linkId, { destination: dropped }, { source: "zapier" });
  return { pageId: row.pageId, linkId: row.linkId, kept, dropped };
}

const CONFLICT_POINTS: readonly CrashPoint[] = [
  "conflict.recorded",
  "conflict.sent",
  "link.updated",
  "row.updated",
  "comment.posted",
  "conflict.reported",
];

describe("a kill at every named point of a conflict's execution", () => {
  it.each(
    CONFLICT_POINTS,
  )("killed at %s, the restart ends with one comment, one audit entry, one inbox entry and the link reset", async (point) => {
    expect(await runAgent(null)).toBe("finished");
    const row = await makeConflict();
    const { kept, dropped } = row;

    expect(await runAgent(point)).toBe("killed");
    expect(await runAgent(null)).toBe("finished");
    expect(await runAgent(null)).toBe("finished");

    const comments = (await commentsOn(world, row.pageId)).filter((c) => c.includes("ref c_"));
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain(`kept Notion value ${kept}, dropped ${dropped} (from Zapier)`);
    const conflictId = /ref (c_[0-9a-f]{12})/.exec(comments[0] ?? "")?.[1];
    const audited = (await auditEntries()).filter((e) => e.kind === "conflict");
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ conflictId, kept, dropped, droppedSource: "zapier" });
    expect((await inbox()).filter((c) => c.conflictId === conflictId)).toHaveLength(1);
    expect((await world.links.get(row.linkId))?.destination).toBe(kept);
    const after = (await notionRows(world)).get(row.pageId);
    expect(after?.destination).toBe(kept);
    expect(after?.syncedDestination).toBe(kept);
    expect(after?.conflictAt).not.toBeNull();
  });
});

describe("a kill in the replay of a conflict", () => {
  it("killed before the reset, then again once the replay's reset landed, the conflict is still reported once", async () => {
    expect(await runAgent(null)).toBe("finished");
    const { pageId, linkId, kept } = await makeConflict();

    expect(await runAgent("conflict.recorded")).toBe("killed");
    // The replay decides the conflict again under the same intent; its reset must carry the key the next replay sends.
    expect(await runAgent("link.updated")).toBe("killed");
    expect(await runAgent(null)).toBe("finished");

    expect((await commentsOn(world, pageId)).filter((c) => c.includes("ref c_"))).toHaveLength(1);
    expect((await auditEntries()).filter((e) => e.kind === "conflict")).toHaveLength(1);
    expect(await inbox()).toHaveLength(1);
    expect((await world.links.get(linkId))?.destination).toBe(kept);
  });
});

describe("two agents on one database, one killed in the middle of a conflict", () => {
  /** One comment, one audit entry and one inbox entry across both agents; the link and the row hold Notion's value. */
  async function expectReportedOnce(conflict: Awaited<ReturnType<typeof makeConflict>>) {
    const { pageId, linkId, kept, dropped } = conflict;
    const comments = (await commentsOn(world, pageId)).filter((c) => c.includes("ref c_"));
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain(`kept Notion value ${kept}, dropped ${dropped} (from Zapier)`);
    const conflictId = /ref (c_[0-9a-f]{12})/.exec(comments[0] ?? "")?.[1];
    const audited = [...(await auditEntries()), ...(await auditEntries(otherDir))].filter(
      (e) => e.kind === "conflict",
    );
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ conflictId, kept, dropped });
    const inboxes = [...(await inbox()), ...(await inbox(otherDir))];
    expect(inboxes.filter((c) => c.conflictId === conflictId)).toHaveLength(1);
    expect((await world.links.get(linkId))?.destination).toBe(kept);
    expect((await notionRows(world)).get(pageId)?.syncedDestination).toBe(kept);
  }

  it.each([
    "conflict.sent",
    "link.updated",
    "comment.posted",
  ] as const)("killed at %s while the other finds the same conflict in the same second, the conflict ends with one comment, one audit entry and one inbox entry across both", async (point) => {
    expect(await runAgent(null)).toBe("finished");
    expect(await runAgent(null, otherDir)).toBe("finished");
    const conflict = await makeConflict();
    // Both agents' clocks stand in one second: their comments state the same time, so only the link's
    // compare-and-set (its idempotency key) can tell the replaying agent whether its reset won.
    const second = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();

    expect(await runAgent(point, dataDir, second)).toBe("killed");
    expect(await runAgent(null, otherDir, second)).toBe("finished");
    expect(await runAgent(null)).toBe("finished");
    expect(await runAgent(null, otherDir)).toBe("finished");

    await expectReportedOnce(conflict);
  });
});

describe("a kill between minting a link and writing it back", () => {
  it("keeps an outside edit made meanwhile: the destination the link was created with is the base", async () => {
    expect(await runAgent("mint.created")).toBe("killed");
    const pageId = await readFile(join(dataDir, "crashed-page"), "utf8");
    const link = await world.links.findByIdempotencyKey(`notion-page:${pageId}`);
    if (!link) throw new Error("the link was not minted before the kill");
    const before = (await notionRows(world)).get(pageId);
    expect(before?.linkId).toBeNull();
    const outside = "https://c.example/edited-by-a-zap";
    await world.links.update(link.id, { destination: outside }, { source: "zapier" });

    expect(await runAgent(null)).toBe("finished");
    const after = (await notionRows(world)).get(pageId);
    expect(after?.linkId).toBe(link.id);
    expect(after?.destination).toBe(outside);
    expect((await world.links.get(link.id))?.destination).toBe(outside);
    const writes = (await auditEntries()).filter(
      (e) => e.kind === "write" && e.pageId === pageId && e.column === "Destination",
    );
    expect(writes.some((e) => e.kind === "write" && e.target === "notion" && e.to === outside)).toBe(true);
    expect(writes.some((e) => e.kind === "write" && e.target === "provider")).toBe(false);
    const links = (await world.links.changesSince(null)).links.filter(
      (l) => l.externalId === `notion-page:${pageId}`,
    );
    expect(links).toHaveLength(1);
  });
});
