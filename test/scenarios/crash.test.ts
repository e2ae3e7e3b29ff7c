import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createAgent, qrFileNameFor } from "@linksync/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { notionRows } from "../support/notion-rows";
import { startWorld, type World } from "../support/world";

const AGENT = fileURLToPath(new URL("../support/agent-process.ts", import.meta.url));

let world: World;
let dataDir: string;
beforeEach(async () => {
  world = await startWorld({ rows: 48 });
  dataDir = await mkdtemp(join(tmpdir(), "linksync-crash-"));
});
afterEach(async () => {
  await world.close();
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * Runs the agent process; kills it with SIGKILL after `killAfterMs` unless it finished first, or lets it kill itself
 * once its links are written and `killAtQr` QR codes uploaded.
 */
function runAgent(
  secretKey: string,
  killAfterMs: number | null,
  killAtQr: number | null = null,
): Promise<"finished" | "killed"> {
  const child = spawn(process.execPath, ["--import", "tsx", AGENT], {
    env: {
      ...process.env,
      LINKSYNC_DATA_DIR: dataDir,
      LINKSYNC_SECRET_KEY: secretKey,
      NOTION_TOKEN: world.seed.token,
      NOTION_BASE_URL: world.sandbox.baseUrl,
      DATA_SOURCE_ID: world.seed.dataSourceId,
      SHORTENER_URL: world.shortener.url,
      SHORTENER_API_KEY: world.shortener.apiKey,
      ...(killAtQr !== null ? { KILL_AT_QR: String(killAtQr) } : {}),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const timer = killAfterMs === null ? null : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === "SIGKILL") resolve("killed");
      else if (code === 0) resolve("finished");
      else reject(new Error(`the agent process exited with ${code}`));
    });
  });
}

describe("crash and restart", () => {
  it("leaves exactly one link per row however often the backfill is killed", async () => {
    const secretKey = randomBytes(32).toString("hex");
    const outcomes: string[] = [];
    for (const killAfterMs of [1_400, 1_900, 2_300, 2_800])
      outcomes.push(await runAgent(secretKey, killAfterMs));
    outcomes.push(await runAgent(secretKey, null));
    expect(outcomes.at(-1)).toBe("finished");
    expect(outcomes.filter((o) => o === "killed").length).toBeGreaterThan(0);

    const expected = world.seed.rows.filter(
      (r) => r.sync === "Live" && !r.badDestination && r.shortUrl === null,
    );
    const rows = await notionRows(world);
    const links = (await world.links.changesSince(null)).links;
    expect(links).toHaveLength(expected.length);
    for (const seeded of expected) {
      const row = rows.get(seeded.pageId);
      const link = links.find((l) => l.id === row?.linkId);
      expect(link?.shortUrl).toBe(row?.shortUrl);
      expect(link?.externalId).toBe(`notion-page:${seeded.pageId}`);
    }
  });

  it("resumes the QR codes of rows a crash left with a link and no QR, without minting again", async () => {
    const secretKey = randomBytes(32).toString("hex");
    expect(await runAgent(secretKey, null, 3)).toBe("killed");
    const expected = world.seed.rows.filter(
      (r) => r.sync === "Live" && !r.badDestination && r.shortUrl === null,
    );
    const afterCrash = await notionRows(world);
    const linkIds = new Map(expected.map((r) => [r.pageId, afterCrash.get(r.pageId)?.linkId]));
    // The crash came between links and QR codes: every row has its link, most still lack their QR.
    for (const linkId of linkIds.values()) expect(linkId).toBeTruthy();
    const withoutQr = expected.filter((r) => afterCrash.get(r.pageId)?.qrFileName === null);
    expect(withoutQr.length).toBeGreaterThan(expected.length / 2);

    expect(await runAgent(secretKey, null)).toBe("finished");
    const rows = await notionRows(world);
    for (const seeded of expected) {
      const row = rows.get(seeded.pageId);
      expect(row?.linkId).toBe(linkIds.get(seeded.pageId));
      expect(row?.qrFileName).toBe(qrFileNameFor(row?.shortUrl ?? ""));
    }
    expect((await world.links.changesSince(null)).links).toHaveLength(expected.length);
  });

  it("a kill right after attaching leaves a database that syncs on restart (its provider is durable first)", async () => {
    const attached = await world.agent();
    // The data directory as a SIGKILL would leave it the moment attachDatabase answered: only what is durable.
    const copy = await mkdtemp(join(tmpdir(), "linksync-crash-copy-"));
    try {
      await cp(attached.dataDir, copy, { recursive: true });
      const restarted = createAgent({ dataDir: copy, secretKey: attached.secretKey });
      try {
        const [summary] = await restarted.syncNow();
        expect(summary?.minted).toBeGreaterThan(0);
      } finally {
        await restarted.stop();
      }
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
