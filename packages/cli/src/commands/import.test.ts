import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLinksyncShortenerProvider } from "@linksync/core";
import { type RunningSandbox, startSandbox } from "@linksync/notion-sandbox";
import { type RunningShortener, startShortener } from "@linksync/shortener";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncEnvironment } from "../config/environment";
import type { Output } from "../terminal/output";
import { runImport } from "./import";
import { runSync } from "./sync";

const API_KEY = "cli-import-key";
let sandbox: RunningSandbox;
let shortener: RunningShortener;
let dataDir: string;
let env: SyncEnvironment;
let databaseId: string;
let csvPath: string;

function capture(): Output & { readonly text: () => string } {
  const lines: string[] = [];
  return {
    text: () => lines.join("\n"),
    line: (t) => lines.push(t),
    heading: (t) => lines.push(t),
    progress: () => {},
    endProgress: () => {},
  };
}

async function counts(): Promise<{ rows: number; links: number }> {
  const snapshot = await sandbox.control.snapshot();
  const provider = createLinksyncShortenerProvider({ baseUrl: shortener.url, apiKey: API_KEY });
  return {
    rows: snapshot.pages.filter((p) => p.parent.type === "data_source").length,
    links: (await provider.changesSince(null)).links.length,
  };
}

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  shortener = await startShortener({ apiKey: API_KEY });
  dataDir = await mkdtemp(join(tmpdir(), "linksync-cli-import-"));
  const seed = await sandbox.control.seedCampaign({ rows: 3 });
  env = {
    notionToken: seed.token,
    notionBaseUrl: sandbox.baseUrl,
    shortenerUrl: shortener.url,
    shortenerKey: API_KEY,
  };
  databaseId = seed.databaseId;
  // As a user would: `linksync sync --create-columns --once` set the database up before the first import.
  await runSync(
    {
      database: databaseId,
      once: true,
      createColumns: true,
      dataDir,
      requestsPerSecond: 100,
      webhooks: null,
    },
    env,
    capture(),
  );
  csvPath = join(dataDir, "links.csv");
  await writeFile(
    csvPath,
    [
      "\uFEFFtitle,destination,tags",
      'Spring launch,https://acme.example/spring,"launch; email"',
      '"Summer, early",https://acme.example/summer,',
      "Bad link,javascript:alert(1),",
      "Autumn,https://acme.example/autumn,autumn",
    ].join("\r\n"),
  );
});

afterAll(async () => {
  await Promise.all([sandbox.close(), shortener.close()]);
  await rm(dataDir, { recursive: true, force: true });
});

const options = () => ({
  file: csvPath,
  database: databaseId,
  dryRun: false,
  dataDir,
  requestsPerSecond: 100,
});

describe("linksync import", () => {
  it("--dry-run prints every row with its problems and writes nothing", async () => {
    const before = await counts();
    const out = capture();
    expect(await runImport({ ...options(), dryRun: true }, env, out)).toBe(1);
    expect(out.text()).toContain("4 rows: 3 ready, 1 with problems.");
    expect(out.text()).toMatch(/2 +Spring launch +https:\/\/acme\.example\/spring +launch, email +ok/);
    expect(out.text()).toMatch(/4 +Bad link +javascript:alert\(1\) +Destination is a "javascript:" address/);
    expect(await counts()).toEqual(before);
  });

  it("imports the good rows, lists the failed one, exits 1; a second run creates nothing", async () => {
    const before = await counts();
    const first = capture();
    expect(await runImport(options(), env, first)).toBe(1);
    expect(first.text()).toMatch(/Created +Existing +Failed\n[─ ]+\n3 +0 +1/);
    expect(first.text()).toMatch(/4 +Bad link +Destination is a "javascript:" address/);
    expect(first.text()).not.toContain(env.notionToken);
    expect(await counts()).toEqual({ rows: before.rows + 3, links: before.links + 3 });

    const second = capture();
    expect(await runImport(options(), env, second)).toBe(1);
    expect(second.text()).toMatch(/Created +Existing +Failed\n[─ ]+\n0 +3 +1/);
    expect(await counts()).toEqual({ rows: before.rows + 3, links: before.links + 3 });
  });

  it("exits 0 when every row is imported or already there", async () => {
    const good = join(dataDir, "good.csv");
    await writeFile(
      good,
      "title,destination\nAutumn,https://acme.example/autumn\nWinter,https://acme.example/winter\n",
    );
    const out = capture();
    expect(await runImport({ ...options(), file: good }, env, out)).toBe(0);
    expect(out.text()).toMatch(/Created +Existing +Failed\n[─ ]+\n1 +1 +0/);
  });

  it("refuses a file without a destination column, saying what is missing", async () => {
    const bad = join(dataDir, "bad.csv");
    await writeFile(bad, "title,url\nA,https://acme.example/a\n");
    const out = capture();
    expect(await runImport({ ...options(), file: bad }, env, out)).toBe(1);
    expect(out.text()).toContain("destination is missing");
  });
});
