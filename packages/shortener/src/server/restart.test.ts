import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { call, createLink, type LinkBody, visit } from "../testing/shortener-client";
import { type RunningShortener, startShortener } from "./start-shortener";

let directory: string;
let dataFile: string;
const apiKey = `test-${randomBytes(16).toString("hex")}`;
const running: RunningShortener[] = [];

async function start(options: { clickFlushIntervalMs?: number } = {}): Promise<RunningShortener> {
  const shortener = await startShortener({
    apiKey,
    dataFile,
    brandedBaseUrl: "https://go.acme.com",
    ...options,
  });
  running.push(shortener);
  return shortener;
}

async function stop(shortener: RunningShortener): Promise<void> {
  running.splice(running.indexOf(shortener), 1);
  await shortener.close();
}

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "linksync-shortener-test-"));
  dataFile = join(directory, "data", "shortener.json");
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((shortener) => shortener.close()));
  await rm(directory, { recursive: true, force: true });
});

describe("the data file", () => {
  it("keeps links, versions, external ids, UTM templates, clicks and the feed position across a restart", async () => {
    const first = await start();
    const link = await createLink(first, {
      destination: "https://example.com/a",
      tags: ["x"],
      externalId: "row-1",
    });
    const edited = await call<LinkBody>(first, "PATCH", `/api/links/${link.id}`, {
      body: { destination: "https://example.com/b" },
      headers: { "x-linksync-source": "zapier" },
    });
    await call(first, "POST", "/api/utm-templates", { body: { tag: "x", template: "utm_campaign={tag}" } });
    for (let i = 0; i < 3; i++) await visit(first, link.slug);
    const { cursor } = (await call<{ cursor: string }>(first, "GET", "/api/links?updated_since=0")).body;
    await stop(first);

    const second = await start();
    expect((await call<LinkBody>(second, "GET", `/api/links/${link.id}`)).body).toEqual(edited.body);
    const again = await call<LinkBody>(second, "POST", "/api/links", {
      body: { destination: "https://example.com/a", externalId: "row-1" },
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(link.id);
    const clicks = await call<{ clicks: Record<string, { count: number }> }>(
      second,
      "GET",
      `/api/clicks?ids=${link.id}`,
    );
    expect(clicks.body.clicks[link.id]?.count).toBe(3);
    expect((await visit(second, link.slug)).location).toBe("https://example.com/b?utm_campaign=x");
    const later = await createLink(second, { destination: "https://example.com/later" });
    const feed = await call<{ links: LinkBody[] }>(second, "GET", `/api/links?updated_since=${cursor}`);
    expect(feed.body.links.map((l) => l.id)).toEqual([later.id]);
  });

  it("gets every counted click on close, and a second close is harmless", async () => {
    const shortener = await start({ clickFlushIntervalMs: 3_600_000 });
    const link = await createLink(shortener, { destination: "https://example.com/" });
    for (let i = 0; i < 4; i++) await visit(shortener, link.slug);
    await Promise.all([shortener.close(), shortener.close()]);
    await shortener.close();
    const onDisk = JSON.parse(await readFile(dataFile, "utf8"));
    expect(onDisk.clicks[link.id].count).toBe(4);
  });

  it("receives counted clicks in batches while the service runs", async () => {
    const shortener = await start({ clickFlushIntervalMs: 20 });
    const link = await createLink(shortener, { destination: "https://example.com/" });
    for (let i = 0; i < 5; i++) await visit(shortener, link.slug);
    await vi.waitFor(async () => {
      const onDisk = JSON.parse(await readFile(dataFile, "utf8"));
      expect(onDisk.clicks[link.id].count).toBe(5);
    });
  });

  it("is refused at start when it is not a shortener data file", async () => {
    await start().then(stop);
    await writeFile(dataFile, "{ torn");
    await expect(start()).rejects.toThrow(/is not valid JSON/);
    await writeFile(dataFile, JSON.stringify({ hello: "world" }));
    await expect(start()).rejects.toThrow(/not a Linksync shortener data file/);
  });

  it("keeps every acknowledged link when the process is killed in the middle of writes", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/bin.ts", "--port", "0", "--data-file", dataFile],
      {
        cwd: join(import.meta.dirname, "../.."),
        env: { ...process.env, LINKSYNC_SHORTENER_API_KEY: apiKey },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const acknowledged: string[] = [];
    try {
      const remote = { url: await listeningUrl(child), apiKey };
      let killed = false;
      const writer = async (worker: number) => {
        for (let i = 0; !killed; i++) {
          const link = await createLink(remote, {
            // Long destinations make each write of the whole file slow, so the kill lands mid-write.
            destination: `https://example.com/${worker}/${i}?pad=${"x".repeat(1900)}`,
            externalId: `w${worker}-${i}`,
          }).catch(() => null);
          if (link && !killed) acknowledged.push(link.id);
          if (acknowledged.length >= 300 && !killed) {
            killed = true;
            child.kill("SIGKILL");
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, worker) => writer(worker)));
    } finally {
      child.kill("SIGKILL");
    }
    const restarted = await start();
    const feed = await call<{ links: LinkBody[]; hasMore: boolean }>(
      restarted,
      "GET",
      "/api/links?limit=1000",
    );
    const stored = new Set(feed.body.links.map((link) => link.id));
    expect(feed.body.hasMore).toBe(false);
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  });
});

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    child.once("exit", (code) =>
      reject(new Error(`shortener exited with ${code} before listening: ${output}`)),
    );
  });
}
