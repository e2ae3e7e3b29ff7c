import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type RunningShortener, startShortener } from "@linksync/shortener";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LinkProvider, ProviderError } from "../link-provider";
import { createLinksyncShortenerProvider } from "./linksync-shortener-provider";

let shortener: RunningShortener;
let provider: LinkProvider;

beforeAll(async () => {
  shortener = await startShortener({
    apiKey: `key-${randomBytes(16).toString("hex")}`,
    brandedBaseUrl: "https://go.acme.com",
  });
  provider = createLinksyncShortenerProvider({ baseUrl: shortener.url, apiKey: shortener.apiKey });
});
afterAll(() => shortener.close());

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe("linksync-shortener provider against the real shortener", () => {
  it("creates a link once per idempotency key and finds it again", async () => {
    const input = {
      destination: "https://example.com/spring",
      idempotencyKey: "notion-page:abc",
      tags: ["spring"],
      title: "Spring",
    };
    const link = await provider.create(input);
    expect(link).toMatchObject({
      shortUrl: `https://go.acme.com/${link.slug}`,
      destination: "https://example.com/spring",
      tags: ["spring"],
      externalId: "notion-page:abc",
      updatedBy: "linksync",
    });
    expect(await provider.create({ ...input, destination: "https://example.com/retry" })).toEqual(link);
    expect(await provider.findByIdempotencyKey("notion-page:abc")).toEqual(link);
    expect(await provider.findByIdempotencyKey("notion-page:none")).toBeNull();
    expect(await provider.get(link.id)).toEqual(link);
    expect(await provider.get("lnk_missing")).toBeNull();
  });

  it("keeps a request key: a create with it answers its link, and the link is found by it", async () => {
    const input = {
      destination: "https://example.com/k",
      idempotencyKey: "notion-page:k1",
      requestKey: "req-1",
    };
    const link = await provider.create(input);
    expect(await provider.create({ ...input, idempotencyKey: "notion-page:k2" })).toEqual(link);
    expect(await provider.findByRequestKey?.("req-1")).toEqual(link);
    expect(await provider.findByRequestKey?.("req-none")).toBeNull();
  });

  it("reports a refused destination and a taken slug with the server's reason", async () => {
    const bad = await failure(
      provider.create({ destination: "javascript:alert(1)", idempotencyKey: "k-bad" }),
    );
    expect(bad).toMatchObject({ code: "invalid_destination", details: { status: 400 } });
    expect(bad.message).toContain("javascript: URL");
    expect(bad.transient).toBe(false);

    await provider.create({
      destination: "https://example.com/1",
      idempotencyKey: "k-slug-1",
      slug: "launch",
    });
    const taken = await failure(
      provider.create({ destination: "https://example.com/2", idempotencyKey: "k-slug-2", slug: "launch" }),
    );
    expect(taken.code).toBe("slug_taken");
    expect(taken.message).toContain('"launch" is already taken');

    const badSlug = await failure(
      provider.create({ destination: "https://example.com/3", idempotencyKey: "k-slug-3", slug: "bad slug" }),
    );
    expect(badSlug.code).toBe("invalid_input");
  });

  it("updates with compare-and-set and records who wrote", async () => {
    const link = await provider.create({ destination: "https://example.com/v1", idempotencyKey: "k-upd" });
    const updated = await provider.update(
      link.id,
      { destination: "https://example.com/v2", tags: ["x"] },
      { source: "zapier", ifVersion: link.version },
    );
    expect(updated).toMatchObject({
      destination: "https://example.com/v2",
      tags: ["x"],
      updatedBy: "zapier",
    });
    expect(updated.version).not.toBe(link.version);

    const stale = await failure(
      provider.update(link.id, { destination: "https://example.com/v3" }, { ifVersion: link.version }),
    );
    expect(stale.code).toBe("version_conflict");
    expect((await provider.get(link.id))?.destination).toBe("https://example.com/v2");

    expect((await failure(provider.update("lnk_missing", { tags: [] }))).code).toBe("not_found");
    expect(await provider.update(link.id, {})).toEqual(updated);
    expect((await failure(provider.update("lnk_missing", {}))).code).toBe("not_found");
  });

  it("tells a compare-and-set sent again under its idempotency key whether it was the one that landed", async () => {
    expect(provider.capabilities.idempotentUpdate).toBe(true);
    const link = await provider.create({ destination: "https://example.com/i1", idempotencyKey: "k-idem" });
    const reset = (key: string) =>
      provider.update(
        link.id,
        { destination: "https://example.com/kept" },
        { source: "linksync", ifVersion: link.version, idempotencyKey: key },
      );
    const mine = await reset("agent-a:1");
    await provider.update(link.id, { destination: "https://example.com/later" }, { source: "zapier" });
    expect(await reset("agent-a:1")).toEqual(mine);
    expect((await failure(reset("agent-b:1"))).code).toBe("version_conflict");
  });

  it("cuts an over-long title instead of failing the create", async () => {
    const link = await provider.create({
      destination: "https://example.com/long-title",
      idempotencyKey: "k-title",
      title: "t".repeat(5000),
    });
    const stored = await fetch(`${shortener.url}/api/links/${link.id}`, {
      headers: { authorization: `Bearer ${shortener.apiKey}` },
    });
    expect(((await stored.json()) as { title: string }).title).toHaveLength(2000);
  });

  it("follows the change feed to its end and resumes from the cursor", async () => {
    const fresh = await startShortener({ apiKey: "feed-test-key" });
    try {
      const feedProvider = createLinksyncShortenerProvider({ baseUrl: fresh.url, apiKey: fresh.apiKey });
      const created = [];
      for (let i = 0; i < 620; i++) {
        created.push(
          await feedProvider.create({ destination: `https://example.com/${i}`, idempotencyKey: `f-${i}` }),
        );
      }
      const all = await feedProvider.changesSince(null);
      expect(all.links.map((link) => link.id)).toEqual(created.map((link) => link.id));

      await feedProvider.update(created[3]!.id, { destination: "https://example.com/edited" });
      const later = await feedProvider.changesSince(all.cursor);
      expect(later.links.map((link) => link.destination)).toEqual(["https://example.com/edited"]);
      expect(await feedProvider.changesSince(later.cursor)).toEqual({ links: [], cursor: later.cursor });
    } finally {
      await fresh.close();
    }
    // 620 sequential creates, each now a committed database write on the embedded PostgreSQL.
  }, 90_000);

  it("reads click counts in bulk for thousands of ids (1,000 per request, in the body), leaving unknown ids out", async () => {
    const link = await provider.create({
      destination: "https://example.com/clicked",
      idempotencyKey: "k-clicks",
    });
    for (let i = 0; i < 3; i++)
      await fetch(link.shortUrl.replace("https://go.acme.com", shortener.url), { redirect: "manual" });
    // Real-length ids: 1,000 of them in a query string would pass Node's 16 KiB header limit (HTTP 431).
    const unknown = Array.from({ length: 2500 }, (_, i) => `lnk_${String(i).padStart(16, "u")}`);
    const counts = await provider.clicks([...unknown, link.id]);
    expect([...counts]).toEqual([[link.id, 3]]);
  });

  it("reports a wrong API key as unauthorized without revealing the key", async () => {
    const wrong = createLinksyncShortenerProvider({ baseUrl: shortener.url, apiKey: "not-the-key-123" });
    const error = await failure(wrong.get("lnk_any"));
    expect(error.code).toBe("unauthorized");
    expect(error.message).not.toContain("not-the-key-123");
  });
});

describe("linksync-shortener provider when the server misbehaves", () => {
  let server: Server;
  let respond: (request: IncomingMessage, response: ServerResponse) => void;
  let misbehaving: LinkProvider;

  beforeAll(async () => {
    server = createServer((request, response) => respond(request, response));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    misbehaving = createLinksyncShortenerProvider({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: "k",
      timeoutMs: 200,
    });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("maps 429 to rate_limited with the Retry-After delay", async () => {
    respond = (_, response) => response.writeHead(429, { "Retry-After": "3" }).end();
    const error = await failure(misbehaving.get("lnk_a"));
    expect(error).toMatchObject({ code: "rate_limited", details: { status: 429, retryAfterMs: 3000 } });
    expect(error.transient).toBe(true);
  });

  it("maps 5xx to unavailable", async () => {
    respond = (_, response) => response.writeHead(503).end("overloaded");
    const error = await failure(misbehaving.clicks(["lnk_a"]));
    expect(error).toMatchObject({ code: "unavailable", details: { status: 503 } });
    expect(error.transient).toBe(true);
  });

  it.each([
    ["a body that is not JSON", "<html>hello</html>"],
    ["a link without an id", JSON.stringify({ slug: "x", destination: "https://a.b" })],
    [
      "a short URL that is not a URL",
      JSON.stringify({ id: "l", slug: "s", shortUrl: "nope", destination: "d" }),
    ],
  ])("refuses %s as malformed_response", async (_, body) => {
    respond = (_, response) => response.writeHead(200, { "Content-Type": "application/json" }).end(body);
    expect((await failure(misbehaving.get("lnk_a"))).code).toBe("malformed_response");
  });

  it("refuses a change feed that does not advance", async () => {
    respond = (_, response) =>
      response
        .writeHead(200, { "Content-Type": "application/json" })
        .end(JSON.stringify({ links: [], cursor: "5", hasMore: true }));
    expect((await failure(misbehaving.changesSince("5"))).code).toBe("malformed_response");
  });

  it("maps a request that times out to unavailable", async () => {
    respond = () => undefined;
    const error = await failure(misbehaving.get("lnk_a"));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain("timed out");
  });

  it("maps a refused connection to unavailable", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = createLinksyncShortenerProvider({ baseUrl: `http://127.0.0.1:${port}`, apiKey: "k" });
    const error = await failure(
      unreachable.create({ destination: "https://a.example", idempotencyKey: "k" }),
    );
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });
});
