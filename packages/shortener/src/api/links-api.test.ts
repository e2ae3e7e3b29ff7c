import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLUG_ALPHABET } from "../links/slug";
import type { RunningShortener } from "../server/start-shortener";
import {
  call,
  createLink,
  type ErrorBody,
  type LinkBody,
  startTestShortener,
  visit,
} from "../testing/shortener-client";

let shortener: RunningShortener;
beforeAll(async () => {
  shortener = await startTestShortener({ brandedBaseUrl: "https://go.acme.com/" });
});
afterAll(() => shortener.close());

describe("POST /api/links", () => {
  it("creates a link with a random, unambiguous slug on the branded base URL", async () => {
    const answer = await call<LinkBody>(shortener, "POST", "/api/links", {
      body: { destination: "https://example.com/spring", tags: ["spring", "email"], title: "Spring sale" },
    });
    expect(answer.status).toBe(201);
    const link = answer.body;
    expect(link.slug).toMatch(new RegExp(`^[${SLUG_ALPHABET}]{7}$`));
    expect(link).toMatchObject({
      shortUrl: `https://go.acme.com/${link.slug}`,
      destination: "https://example.com/spring",
      tags: ["spring", "email"],
      title: "Spring sale",
      externalId: null,
      version: "1",
      updatedBy: "shortener-api",
    });
    expect(answer.headers.get("etag")).toBe('"1"');
    expect((await call<LinkBody>(shortener, "GET", `/api/links/${link.id}`)).body).toEqual(link);
  });

  it("returns the same link with 200 for the same externalId, even when asked concurrently", async () => {
    const input = { destination: "https://example.com/a", externalId: "notion-page:idem-1" };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call<LinkBody>(shortener, "POST", "/api/links", { body: input })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);

    const retry = await call<LinkBody>(shortener, "POST", "/api/links", {
      body: { ...input, destination: "https://example.com/changed-meanwhile" },
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ id: answers[0]!.body.id, destination: "https://example.com/a" });
  });

  it("finds a link by externalId", async () => {
    const link = await createLink(shortener, {
      destination: "https://example.com/b",
      externalId: "notion-page:find-1",
    });
    const found = await call<{ links: LinkBody[] }>(
      shortener,
      "GET",
      "/api/links?external_id=notion-page%3Afind-1",
    );
    expect(found.body.links).toEqual([link]);
    const missing = await call<{ links: LinkBody[] }>(shortener, "GET", "/api/links?external_id=nobody");
    expect(missing.body.links).toEqual([]);
  });

  it("answers a repeated requestKey with the link it created, and finds a link by request_key", async () => {
    const first = await call<LinkBody>(shortener, "POST", "/api/links", {
      body: { destination: "https://example.com/k", externalId: "notion-page:key-1", requestKey: "zap:k-1" },
    });
    expect(first.status).toBe(201);
    // A retry whose own row is another page still gets the first link: the request is the same.
    const retry = await call<LinkBody>(shortener, "POST", "/api/links", {
      body: { destination: "https://example.com/k", externalId: "notion-page:key-2", requestKey: "zap:k-1" },
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const found = await call<{ links: LinkBody[] }>(shortener, "GET", "/api/links?request_key=zap%3Ak-1");
    expect(found.body.links).toEqual([first.body]);
    const missing = await call<{ links: LinkBody[] }>(shortener, "GET", "/api/links?request_key=zap:none");
    expect(missing.body.links).toEqual([]);
  });

  it("takes a valid custom slug and answers 409 with a clear message when it is taken", async () => {
    const link = await createLink(shortener, { destination: "https://example.com/c", slug: "spring-sale" });
    expect(link.shortUrl).toBe("https://go.acme.com/spring-sale");
    const taken = await call<ErrorBody>(shortener, "POST", "/api/links", {
      body: { destination: "https://example.com/other", slug: "spring-sale" },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toEqual({
      code: "slug_taken",
      message: expect.stringContaining('Slug "spring-sale" is already taken'),
    });
  });

  it("refuses an invalid custom slug", async () => {
    const answer = await call<ErrorBody>(shortener, "POST", "/api/links", {
      body: { destination: "https://example.com", slug: "no spaces" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("invalid_input");
  });

  it.each([
    ["javascript:alert(document.cookie)", "javascript: URL"],
    ["data:text/html;base64,PHNjcmlwdD4=", "data: URL"],
    ["file:///etc/passwd", "file: URL"],
    ["https://admin:hunter2@example.com/", "credentials"],
    ["example.com/no-scheme", "absolute URL"],
    [`https://example.com/${"x".repeat(2100)}`, "the limit is 2000"],
  ])("refuses the destination %s with 400 and a reason", async (destination, reason) => {
    const answer = await call<ErrorBody>(shortener, "POST", "/api/links", { body: { destination } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("invalid_destination");
    expect(answer.body.error.message).toContain(reason);
  });

  it("refuses a body over 64 KB with 413", async () => {
    const answer = await call<ErrorBody>(shortener, "POST", "/api/links", {
      body: { destination: "https://example.com", title: "x".repeat(70_000) },
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe("payload_too_large");
  });

  it("refuses unknown fields and malformed JSON", async () => {
    const misspelt = await call<ErrorBody>(shortener, "POST", "/api/links", {
      body: { destinaton: "https://a.b" },
    });
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.error.message).toContain('Unknown field "destinaton"');
    const response = await fetch(`${shortener.url}/api/links`, {
      method: "POST",
      headers: { authorization: `Bearer ${shortener.apiKey}` },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: "invalid_input", message: "The request body is not valid JSON." },
    });
  });
});

describe("PATCH /api/links/{id}", () => {
  it("changes destination and tags, bumps the version and records the source", async () => {
    const link = await createLink(shortener, { destination: "https://example.com/old", tags: ["a"] });
    const answer = await call<LinkBody>(shortener, "PATCH", `/api/links/${link.id}`, {
      body: { destination: "https://example.com/new", tags: ["a", "b"] },
      headers: { "x-linksync-source": "zapier" },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      destination: "https://example.com/new",
      tags: ["a", "b"],
      version: "2",
      updatedBy: "zapier",
    });
    expect(await visit(shortener, link.slug)).toEqual({ status: 302, location: "https://example.com/new" });
  });

  it("keeps updatedBy on a tags-only edit and the version on an edit that changes nothing", async () => {
    const link = await createLink(
      shortener,
      { destination: "https://example.com/x" },
      { "x-linksync-source": "linksync" },
    );
    const tagged = await call<LinkBody>(shortener, "PATCH", `/api/links/${link.id}`, {
      body: { tags: ["t"] },
      headers: { "x-linksync-source": "zapier" },
    });
    expect(tagged.body).toMatchObject({ version: "2", updatedBy: "linksync" });
    const same = await call<LinkBody>(shortener, "PATCH", `/api/links/${link.id}`, {
      body: { destination: "https://example.com/x", tags: ["t"] },
    });
    expect(same.body.version).toBe("2");
  });

  it("answers 412 when If-Match names a stale version, and changes nothing", async () => {
    const link = await createLink(shortener, { destination: "https://example.com/v1" });
    const first = await call<LinkBody>(shortener, "PATCH", `/api/links/${link.id}`, {
      body: { destination: "https://example.com/v2" },
      headers: { "if-match": '"1"' },
    });
    expect(first.status).toBe(200);
    const stale = await call<ErrorBody>(shortener, "PATCH", `/api/links/${link.id}`, {
      body: { destination: "https://example.com/v3" },
      headers: { "if-match": "1" },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe("version_conflict");
    expect((await call<LinkBody>(shortener, "GET", `/api/links/${link.id}`)).body.destination).toBe(
      "https://example.com/v2",
    );
  });

  it("answers a repeat of a keyed compare-and-set that landed with its link, even after the link moved on", async () => {
    const link = await createLink(shortener, { destination: "https://example.com/k1" });
    const reset = (key: string, id = link.id) =>
      call<LinkBody & ErrorBody>(shortener, "PATCH", `/api/links/${id}`, {
        body: { destination: "https://example.com/kept" },
        headers: { "if-match": '"1"', "idempotency-key": key, "x-linksync-source": "linksync" },
      });
    // Sent twice at once (a client killed with its request on the wire, then its replay): both are the one update.
    const [first, repeat] = await Promise.all([reset("agent-a:entry-1"), reset("agent-a:entry-1")]);
    expect([first.status, repeat.status]).toEqual([200, 200]);
    expect(first.body.version).toBe("2");
    expect(repeat.body).toEqual(first.body);
    await call(shortener, "PATCH", `/api/links/${link.id}`, {
      body: { destination: "https://example.com/zap" },
    });

    const later = await reset("agent-a:entry-1");
    expect(later.status).toBe(200);
    expect(later.headers.get("etag")).toBe('"2"');
    expect(later.body).toMatchObject({ version: "2", destination: "https://example.com/kept" });
    // Another agent's reset of the same version lost: its repeat says so.
    expect((await reset("agent-b:entry-7")).status).toBe(412);
    expect((await call<LinkBody>(shortener, "GET", `/api/links/${link.id}`)).body).toMatchObject({
      version: "3",
      destination: "https://example.com/zap",
    });
    const other = await createLink(shortener, { destination: "https://example.com/other" });
    const reused = await reset("agent-a:entry-1", other.id);
    expect(reused.status).toBe(400);
    expect(reused.body.error.message).toContain("Idempotency-Key was used for an update of another link");
    expect((await reset("has space")).status).toBe(400);
  });

  it("refuses a bad destination and answers 404 for an unknown link", async () => {
    const link = await createLink(shortener, { destination: "https://example.com/ok" });
    const bad = await call<ErrorBody>(shortener, "PATCH", `/api/links/${link.id}`, {
      body: { destination: "javascript:void(0)" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_destination");
    const missing = await call<ErrorBody>(shortener, "PATCH", "/api/links/lnk_nope", {
      body: { destination: "https://example.com" },
    });
    expect(missing.status).toBe(404);
    expect((await call<ErrorBody>(shortener, "GET", "/api/links/lnk_nope")).body.error.code).toBe(
      "not_found",
    );
  });
});

describe("API key", () => {
  it("is required on every /api route and compared exactly", async () => {
    for (const apiKey of [null, "wrong", `${shortener.apiKey}x`]) {
      const answer = await call<ErrorBody>(shortener, "GET", "/api/links", { apiKey });
      expect(answer.status).toBe(401);
      expect(answer.headers.get("www-authenticate")).toContain("Bearer");
      expect(answer.body.error.code).toBe("unauthorized");
      expect(JSON.stringify(answer.body)).not.toContain(shortener.apiKey);
    }
    expect((await call(shortener, "GET", "/api/links")).status).toBe(200);
  });

  it("is not needed to follow a short link", async () => {
    const link = await createLink(shortener, { destination: "https://example.com/public" });
    expect((await visit(shortener, link.slug)).status).toBe(302);
  });
});

describe("clicks in bulk", () => {
  // Real-length ids: 1,000 of them make a ~21 KB query string, past Node's default 16 KiB header limit.
  const ids = (link: LinkBody) => [
    ...Array.from({ length: 999 }, (_, i) => `lnk_${String(i).padStart(16, "x")}`),
    link.id,
  ];

  it("answers POST /api/clicks with the documented maximum of 1,000 ids in the body", async () => {
    const link = await createLink(shortener, { destination: "https://example.com/bulk" });
    await visit(shortener, link.slug);
    const answer = await call<{ clicks: Record<string, { count: number }> }>(
      shortener,
      "POST",
      "/api/clicks",
      {
        body: { ids: ids(link) },
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.clicks).toEqual({ [link.id]: { count: 1, lastClickAt: expect.any(String) } });
    const tooMany = await call<ErrorBody>(shortener, "POST", "/api/clicks", {
      body: { ids: [...ids(link), "lnk_one_more"] },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain("at most 1000");
  });

  it("answers GET /api/clicks with 1,000 ids too, instead of 431", async () => {
    const link = await createLink(shortener, { destination: "https://example.com/bulk-get" });
    const answer = await call<{ clicks: Record<string, unknown> }>(
      shortener,
      "GET",
      `/api/clicks?ids=${ids(link).join(",")}`,
    );
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.clicks)).toEqual([link.id]);
  });
});

describe("routing", () => {
  it("answers GET /health without a key, for readiness checks", async () => {
    const response = await fetch(`${shortener.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok\n");
  });

  it("answers GET /ready when the database answers and every migration is applied", async () => {
    const response = await fetch(`${shortener.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true });
  });

  it("serves Prometheus metrics: redirects, creates, clicks flush time and lag, webhook queue depth and failures", async () => {
    const link = await createLink(shortener, { destination: "https://example.com/metrics" });
    await visit(shortener, link.slug);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const text = await (await fetch(`${shortener.url}/metrics`)).text();
    expect(text).toMatch(/^linksync_redirects_total [1-9]\d*$/m);
    expect(text).toMatch(/^linksync_links_created_total [1-9]\d*$/m);
    expect(text).toMatch(/^linksync_clicks_flush_seconds_count [1-9]\d*$/m);
    expect(text).toMatch(/^linksync_clicks_flush_lag_seconds 0$/m);
    expect(text).toMatch(/^linksync_webhook_queue_depth 0$/m);
    expect(text).toMatch(/^linksync_webhook_delivery_failures_total 0$/m);
  });

  it("answers 404 for unknown endpoints and 405 with Allow for a wrong method", async () => {
    expect((await call<ErrorBody>(shortener, "GET", "/api/nothing")).status).toBe(404);
    const wrong = await call<ErrorBody>(shortener, "DELETE", "/api/links");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST, GET");
  });
});
