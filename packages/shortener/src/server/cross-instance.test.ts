import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createLink, type LinkBody, type ShortenerAddress } from "../testing/shortener-client";
import { createTestSchema } from "../testing/test-database";

/**
 * Two `linksync-server` processes on one PostgreSQL database, as behind a load balancer: what one instance does,
 * the other honours.
 */
const apiKey = `key-${randomBytes(16).toString("hex")}`;
const children: ChildProcess[] = [];
let a: ShortenerAddress;
let b: ShortenerAddress;
let dropSchema: () => Promise<void>;

beforeAll(async () => {
  const schema = await createTestSchema();
  dropSchema = schema.drop;
  const env = {
    ...process.env,
    DATABASE_URL: schema.databaseUrl,
    LINKSYNC_DATABASE_SCHEMA: schema.databaseSchema,
    LINKSYNC_SHORTENER_API_KEY: apiKey,
  };
  // Started one after the other: both run the (idempotent, locked) migrations.
  a = { url: await startInstance(env), apiKey };
  b = { url: await startInstance(env), apiKey };
}, 120_000);

afterAll(async () => {
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((child) => new Promise((resolve) => child.once("exit", resolve))));
  await dropSchema?.();
});

async function redirectOf(instance: ShortenerAddress, slug: string): Promise<string | null> {
  const response = await fetch(`${instance.url}/${slug}`, { redirect: "manual" });
  return response.headers.get("location");
}

describe("two instances on one PostgreSQL", () => {
  it("follows an edit made on A with redirects on B within a second (cache evicted by NOTIFY)", async () => {
    const link = await createLink(a, { destination: "https://example.com/before" });
    expect(await redirectOf(b, link.slug)).toBe("https://example.com/before");
    expect(await redirectOf(b, link.slug)).toBe("https://example.com/before");
    const edited = await call(a, "PATCH", `/api/links/${link.id}`, {
      body: { destination: "https://example.com/after" },
    });
    expect(edited.status).toBe(200);
    const started = Date.now();
    while ((await redirectOf(b, link.slug)) !== "https://example.com/after") {
      if (Date.now() - started > 1000) throw new Error("B still redirects to the old destination after 1 s");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });

  it("mints one link when both instances are asked for the same externalId at the same moment", async () => {
    const body = {
      destination: "https://example.com/row",
      externalId: `row-${randomBytes(4).toString("hex")}`,
    };
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call<LinkBody>(i % 2 ? a : b, "POST", "/api/links", { body })),
    );
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
  });

  it("holds compare-and-set on If-Match across instances: one edit of a version wins", async () => {
    const link = await createLink(a, { destination: "https://example.com/v1" });
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call(i % 2 ? a : b, "PATCH", `/api/links/${link.id}`, {
          body: { destination: `https://example.com/v2-${i}` },
          headers: { "if-match": `"${link.version}"` },
        }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412, 412, 412, 412, 412]);
  });

  it("never lets the change feed skip a change, while both instances write concurrently", async () => {
    const latest = new Map<string, string>();
    let cursor = (await call<{ cursor: string }>(a, "GET", "/api/links?limit=1000&updated_since=0")).body
      .cursor;
    let writing = true;
    const expected = new Map<string, string>();
    const writers = Array.from({ length: 6 }, async (_, worker) => {
      const instance = worker % 2 ? a : b;
      for (let i = 0; i < 15; i++) {
        const link = await createLink(instance, { destination: `https://example.com/${worker}/${i}` });
        expected.set(link.id, link.version);
        const patched = await call<LinkBody>(worker % 2 ? b : a, "PATCH", `/api/links/${link.id}`, {
          body: { tags: [`edited-${i}`] },
        });
        expected.set(link.id, patched.body.version);
      }
    });
    const reader = (async () => {
      while (writing) {
        const page = await call<{ links: LinkBody[]; cursor: string }>(
          Math.random() < 0.5 ? a : b,
          "GET",
          `/api/links?limit=7&updated_since=${cursor}`,
        );
        for (const link of page.body.links) latest.set(link.id, link.version);
        cursor = page.body.cursor;
      }
    })();
    await Promise.all(writers);
    writing = false;
    await reader;
    // One last read from the cursor reached: whatever the reader missed would be lost for good.
    for (;;) {
      const page = await call<{ links: LinkBody[]; cursor: string; hasMore: boolean }>(
        a,
        "GET",
        `/api/links?limit=1000&updated_since=${cursor}`,
      );
      for (const link of page.body.links) latest.set(link.id, link.version);
      cursor = page.body.cursor;
      if (!page.body.hasMore) break;
    }
    expect(expected.size).toBe(90);
    for (const [id, version] of expected) expect(latest.get(id), id).toBe(version);
  }, 60_000);
});

function startInstance(env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/bin.ts", "--port", "0"], {
    cwd: join(import.meta.dirname, "../.."),
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    child.once("exit", (code) => reject(new Error(`linksync-server exited with ${code}: ${output}`)));
  });
}
