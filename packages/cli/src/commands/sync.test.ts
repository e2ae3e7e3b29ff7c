import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLinksyncShortenerProvider } from "@linksync/core";
import { type RunningSandbox, startSandbox } from "@linksync/notion-sandbox";
import { type RunningShortener, startShortener } from "@linksync/shortener";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncEnvironment } from "../config/environment";
import type { Output } from "../terminal/output";
import { runStatus } from "./status";
import { runSync } from "./sync";

const API_KEY = "cli-test-key";
let sandbox: RunningSandbox;
let shortener: RunningShortener;
let dataDir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  shortener = await startShortener({ apiKey: API_KEY });
  dataDir = await mkdtemp(join(tmpdir(), "linksync-cli-"));
});

afterAll(async () => {
  await Promise.all([sandbox.close(), shortener.close()]);
  await rm(dataDir, { recursive: true, force: true });
});

function capture(): Output & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    line: (t) => lines.push(t),
    heading: (t) => lines.push(t),
    progress: () => {},
    endProgress: () => {},
  };
}

/** The Minted column of the summary table's row (the last line printed). */
function mintedIn(lines: readonly string[]): number {
  const row = lines.at(-1)?.split("\n").at(-1) ?? "";
  return Number(row.trim().split(/\s+/)[1]);
}

describe("linksync sync --once", () => {
  it("refuses to add columns without consent, then with --create-columns mints once and never twice", async () => {
    const seed = await sandbox.control.seedCampaign({ rows: 8 });
    const env: SyncEnvironment = {
      notionToken: seed.token,
      notionBaseUrl: sandbox.baseUrl,
      shortenerUrl: shortener.url,
      shortenerKey: API_KEY,
    };
    const databaseUrl = `https://www.notion.so/acme/Spring-Campaign-${seed.databaseId.replaceAll("-", "")}`;
    const options = {
      database: databaseUrl,
      once: true,
      createColumns: false,
      dataDir,
      requestsPerSecond: 100,
      webhooks: null,
    };

    await expect(runSync(options, env, capture())).rejects.toThrow(
      /lacks Linksync's columns .*Consent to create them/,
    );

    const first = capture();
    await runSync({ ...options, createColumns: true }, env, first);
    const minted = mintedIn(first.lines);
    const expected = seed.rows.filter(
      (r) => r.sync === "Live" && !r.badDestination && r.shortUrl === null,
    ).length;
    expect(minted).toBe(expected);
    expect(first.lines.join("\n")).not.toContain(seed.token);

    const second = capture();
    await runSync({ ...options, createColumns: true }, env, second);
    expect(mintedIn(second.lines)).toBe(0);

    const status = capture();
    expect(await runStatus(dataDir, status)).toBe(0);
    const report = status.lines.join("\n");
    expect(report).toMatch(/connected/);
    expect(report).toMatch(new RegExp(`Spring Campaign\\s+\\S+\\s+${expected}\\s`));
    expect(report).not.toContain(seed.token);
    // The last sync is read from the data directory, not from a running process's memory.
    expect(report).not.toContain("never");
    expect(report).toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    const links = await createLinksyncShortenerProvider({
      baseUrl: shortener.url,
      apiKey: API_KEY,
    }).changesSince(null);
    expect(links.links).toHaveLength(expected);
  });
});

describe("linksync sync --qr-images", () => {
  it("sets how the QR column gets its image, and keeps it for later runs that do not say", async () => {
    const seed = await sandbox.control.seedCampaign({ rows: 4 });
    const env: SyncEnvironment = {
      notionToken: seed.token,
      notionBaseUrl: sandbox.baseUrl,
      shortenerUrl: shortener.url,
      shortenerKey: API_KEY,
    };
    const ownDir = join(dataDir, "qr-images");
    const options = {
      database: seed.dataSourceId,
      once: true,
      createColumns: true,
      dataDir: ownDir,
      requestsPerSecond: 100,
      webhooks: null,
    };
    const setting = async () => {
      const file = JSON.parse(await readFile(join(ownDir, "databases.json"), "utf8")) as {
        databases: { qrImages?: string }[];
      };
      return file.databases[0]?.qrImages;
    };
    await sandbox.control.resetRequestLog();
    expect(await runSync({ ...options, qrImages: "link" }, env, capture())).toBe(0);
    const log = await sandbox.control.requestLog();
    // The QR as a link to the shortener's PNG: written with the link, no file upload.
    expect(log.entries.filter((e) => e.endpoint.startsWith("POST /v1/file_uploads"))).toEqual([]);
    expect(await setting()).toBe("link");
    expect(await runSync(options, env, capture())).toBe(0);
    expect(await setting()).toBe("link");
  });
});

describe("linksync sync on a fresh machine", () => {
  it("creates a data directory that does not exist yet, 0700, with every file in it 0600", async () => {
    const seed = await sandbox.control.seedCampaign({ rows: 3 });
    const fresh = join(dataDir, "not", "there", "yet");
    const env: SyncEnvironment = {
      notionToken: seed.token,
      notionBaseUrl: sandbox.baseUrl,
      shortenerUrl: shortener.url,
      shortenerKey: API_KEY,
    };
    const options = {
      database: seed.dataSourceId,
      once: true,
      createColumns: true,
      dataDir: fresh,
      requestsPerSecond: 100,
      webhooks: null,
    };
    expect(await runSync(options, env, capture())).toBe(0);
    expect((await stat(fresh)).mode & 0o777).toBe(0o700);
    const files = await readdir(fresh);
    expect(files).toEqual(
      expect.arrayContaining(["state.json", "audit.jsonl", "outbox.jsonl", "secrets.json"]),
    );
    for (const file of files)
      expect({ file, mode: (await stat(join(fresh, file))).mode & 0o777 }).toEqual({ file, mode: 0o600 });
  });
});

describe("linksync sync, kept running", () => {
  it("waits out Notion rate-limiting it at start-up with back-off instead of exiting, then syncs", async () => {
    const seed = await sandbox.control.seedCampaign({ rows: 3 });
    const env: SyncEnvironment = {
      notionToken: seed.token,
      notionBaseUrl: sandbox.baseUrl,
      shortenerUrl: shortener.url,
      shortenerKey: API_KEY,
    };
    // More 429s than the scheduler retries one request (10 attempts): the connect itself fails twice.
    await sandbox.control.setFaults({ rateLimitNext: { count: 25, retryAfterSeconds: 0 } });
    const out = capture();
    const stop = new AbortController();
    const running = runSync(
      {
        database: seed.dataSourceId,
        once: false,
        createColumns: true,
        dataDir: await mkdtemp(join(tmpdir(), "linksync-cli-startup-")),
        requestsPerSecond: 100,
        webhooks: null,
      },
      env,
      out,
      stop.signal,
    );
    const exited = running.then(
      (code) => ({ code }),
      (error: unknown) => ({ error }),
    );
    for (let waited = 0; !out.lines.some((l) => l.startsWith("Syncing on schedule")); waited += 50) {
      const early = await Promise.race([
        exited,
        new Promise((resolve) => setTimeout(() => resolve(null), 50)),
      ]);
      expect(early).toBeNull();
      expect(waited).toBeLessThan(30_000);
    }
    expect(out.lines.some((l) => /rate-limiting.*Connecting again in/.test(l))).toBe(true);
    stop.abort();
    expect(await exited).toEqual({ code: 0 });
    await sandbox.control.clearFaults();
  });
});
