import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROKER_PATHS } from "../oauth-broker/broker-routes";
import { s256Challenge } from "../oauth-broker/pkce";
import { type HttpReceiver, startReceiver } from "../testing/http-receiver";
import { call, createLink, type LinkBody, type ShortenerAddress } from "../testing/shortener-client";
import { createTestSchema } from "../testing/test-database";
import { waitFor } from "../testing/wait-for";

/**
 * Two `linksync-server` processes on one PostgreSQL database, as behind a load balancer: what one instance does,
 * the other honours.
 */
const apiKey = `key-${randomBytes(16).toString("hex")}`;
const children: ChildProcess[] = [];
let a: ShortenerAddress;
let b: ShortenerAddress;
let dropSchema: () => Promise<void>;
let notion: HttpReceiver;
let hooks: HttpReceiver;

beforeAll(async () => {
  const schema = await createTestSchema();
  dropSchema = schema.drop;
  notion = await startReceiver();
  hooks = await startReceiver();
  const env = {
    ...process.env,
    DATABASE_URL: schema.databaseUrl,
    LINKSYNC_DATABASE_SCHEMA: schema.databaseSchema,
    LINKSYNC_SHORTENER_API_KEY: apiKey,
    // Every instance seals and opens with the same key: a code sealed on A is opened on B.
    LINKSYNC_SHORTENER_SECRETS_KEY: randomBytes(32).toString("base64"),
    LINKSYNC_NOTION_CLIENT_ID: "notion-client-1",
    LINKSYNC_NOTION_CLIENT_SECRET: "notion-secret-1",
    LINKSYNC_NOTION_BASE_URL: notion.url,
    // The receivers listen on loopback over http: the local-development setting.
    LINKSYNC_WEBHOOK_TARGETS: "any",
  };
  // Started one after the other: both run the (idempotent, locked) migrations.
  a = { url: await startInstance(env), apiKey };
  b = { url: await startInstance(env), apiKey };
}, 120_000);

afterAll(async () => {
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((child) => new Promise((resolve) => child.once("exit", resolve))));
  await notion?.close();
  await hooks?.close();
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

  it("follows a UTM template saved on A with B's redirects of a cached link within a second", async () => {
    const link = await createLink(a, { destination: "https://example.com/utm", tags: ["cross-utm"] });
    expect(await redirectOf(b, link.slug)).toBe("https://example.com/utm");
    const saved = await call(a, "POST", "/api/utm-templates", {
      body: { tag: "cross-utm", template: "utm_source=cross" },
    });
    expect(saved.status).toBe(201);
    const started = Date.now();
    while ((await redirectOf(b, link.slug)) !== "https://example.com/utm?utm_source=cross") {
      if (Date.now() - started > 1000)
        throw new Error("B still redirects without the new template after 1 s");
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

describe("integrations shared by two instances on one PostgreSQL", () => {
  it("finishes on B a Notion sign-in started on A, and redeems its broker code on A once", async () => {
    notion.respond(() => ({ status: 200, body: { access_token: "ntn_1", token_type: "bearer" } }));
    const verifier = randomBytes(32).toString("base64url");
    const start = await fetch(
      `${a.url}${BROKER_PATHS.start}?${new URLSearchParams({
        redirect_uri: "http://127.0.0.1:53682/callback",
        state: "s1",
        code_challenge: s256Challenge(verifier),
        code_challenge_method: "S256",
      })}`,
      { redirect: "manual" },
    );
    const brokerState = new URL(start.headers.get("location")!).searchParams.get("state")!;
    const callback = await fetch(
      `${b.url}${BROKER_PATHS.callback}?${new URLSearchParams({ code: "notion-code", state: brokerState })}`,
      { redirect: "manual" },
    );
    expect(callback.status).toBe(302);
    const code = new URL(callback.headers.get("location")!).searchParams.get("code")!;
    const exchange = (on: ShortenerAddress) =>
      fetch(`${on.url}${BROKER_PATHS.exchange}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code, code_verifier: verifier }),
      });
    expect((await exchange(a)).status).toBe(200);
    expect((await exchange(b)).status).toBe(400);
  });

  it("delivers each link event once, whichever instance made the change or runs the job", async () => {
    hooks.respond(() => ({ status: 204 }));
    const subscribed = await call<{ id: string }>(a, "POST", "/api/webhooks", {
      body: { url: `${hooks.url}/hook`, events: ["link.created"] },
    });
    expect(subscribed.status).toBe(201);
    for (let i = 0; i < 10; i++)
      await createLink(i % 2 ? a : b, { destination: `https://example.com/hook/${i}` });
    await waitFor(() => hooks.received.length >= 10, "ten deliveries", 15_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ids = hooks.received.map((request) => JSON.parse(request.body).id as string);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });
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
