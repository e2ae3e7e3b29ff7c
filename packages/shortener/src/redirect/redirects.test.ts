import { renderQrPng } from "@linksync/qr-png";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningShortener } from "../server/start-shortener";
import {
  call,
  createLink,
  type ErrorBody,
  startTestShortener,
  startTestShortenerOn,
  visit,
} from "../testing/shortener-client";
import { TEST_ENGINES } from "../testing/test-database";

interface ClicksBody {
  clicks: Record<string, { count: number; lastClickAt: string | null }>;
}

let shortener: RunningShortener;
afterEach(() => shortener.close());

describe("GET /{slug}", () => {
  it("redirects with an uncached 302 and counts every click", async () => {
    shortener = await startTestShortener();
    const link = await createLink(shortener, { destination: "https://example.com/landing" });
    const other = await createLink(shortener, { destination: "https://example.com/other" });
    const response = await fetch(`${shortener.url}/${link.slug}`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://example.com/landing");
    expect(response.headers.get("cache-control")).toBe("no-store");
    await Promise.all(Array.from({ length: 19 }, () => visit(shortener, link.slug)));
    await fetch(`${shortener.url}/${link.slug}`, { method: "HEAD", redirect: "manual" });

    const { body } = await call<ClicksBody>(
      shortener,
      "GET",
      `/api/clicks?ids=${link.id},${other.id},lnk_unknown`,
    );
    expect(body.clicks[link.id]?.count).toBe(20);
    expect(Date.parse(body.clicks[link.id]?.lastClickAt ?? "")).toBeGreaterThan(Date.now() - 60_000);
    expect(body.clicks[other.id]).toEqual({ count: 0, lastClickAt: null });
    expect(body.clicks).not.toHaveProperty("lnk_unknown");
  });

  it("answers 404 for an unknown slug without counting anything", async () => {
    shortener = await startTestShortener();
    const answer = await visit(shortener, "doesNotExist");
    expect(answer).toEqual({ status: 404, location: null });
  });
});

describe.each(TEST_ENGINES)("the redirect cache on %s", (engine) => {
  it("sends a destination edit to the very next visitor of a cached link", async () => {
    shortener = await startTestShortenerOn(engine);
    const link = await createLink(shortener, { destination: "https://example.com/before" });
    expect((await visit(shortener, link.slug)).location).toBe("https://example.com/before");
    expect((await visit(shortener, link.slug)).location).toBe("https://example.com/before");
    const edited = await call(shortener, "PATCH", `/api/links/${link.id}`, {
      body: { destination: "https://example.com/after" },
    });
    expect(edited.status).toBe(200);
    expect((await visit(shortener, link.slug)).location).toBe("https://example.com/after");
  });

  it("applies a UTM template saved or deleted to the very next redirect of a cached link", async () => {
    shortener = await startTestShortenerOn(engine);
    const link = await createLink(shortener, { destination: "https://example.com/t", tags: ["mail"] });
    expect((await visit(shortener, link.slug)).location).toBe("https://example.com/t");
    const saved = await call<{ id: string }>(shortener, "POST", "/api/utm-templates", {
      body: { tag: "mail", template: "utm_medium=email" },
    });
    expect((await visit(shortener, link.slug)).location).toBe("https://example.com/t?utm_medium=email");
    await call(shortener, "DELETE", `/api/utm-templates/${saved.body.id}`);
    expect((await visit(shortener, link.slug)).location).toBe("https://example.com/t");
  });

  it("holds no more links than its size, and still redirects and counts every link", async () => {
    shortener = await startTestShortenerOn(engine, { redirectCacheSize: 4 });
    const links = [];
    for (let i = 0; i < 10; i++) {
      links.push(await createLink(shortener, { destination: `https://example.com/${i}` }));
    }
    for (let round = 0; round < 2; round++) {
      for (const [i, link] of links.entries()) {
        expect((await visit(shortener, link.slug)).location).toBe(`https://example.com/${i}`);
      }
    }
    await call(shortener, "PATCH", `/api/links/${links[0]!.id}`, {
      body: { destination: "https://example.com/moved" },
    });
    expect((await visit(shortener, links[0]!.slug)).location).toBe("https://example.com/moved");
    const { body } = await call<ClicksBody>(shortener, "POST", "/api/clicks", {
      body: { ids: links.map((link) => link.id) },
    });
    expect(links.map((link) => body.clicks[link.id]?.count)).toEqual([3, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
  });
});

describe("UTM templates", () => {
  it("are appended at redirect time, per tag and for all links, without duplicating present parameters", async () => {
    shortener = await startTestShortener();
    const forAll = await call<{ id: string }>(shortener, "POST", "/api/utm-templates", {
      body: { template: "utm_source=notion&utm_campaign={tag}" },
    });
    expect(forAll.status).toBe(201);
    await call(shortener, "POST", "/api/utm-templates", {
      body: { tag: "email", template: "utm_medium=email" },
    });
    const tagged = await createLink(shortener, {
      destination: "https://example.com/p?utm_source=twitter#top",
      tags: ["spring sale", "email"],
    });
    const plain = await createLink(shortener, { destination: "https://example.com/plain" });

    expect((await visit(shortener, tagged.slug)).location).toBe(
      "https://example.com/p?utm_source=twitter&utm_medium=email&utm_campaign=spring%20sale#top",
    );
    expect((await visit(shortener, plain.slug)).location).toBe("https://example.com/plain?utm_source=notion");
    const stored = await call<{ destination: string }>(shortener, "GET", `/api/links/${tagged.id}`);
    expect(stored.body.destination).toBe("https://example.com/p?utm_source=twitter#top");
  });

  it("are listed, replaced per scope and deleted through the API", async () => {
    shortener = await startTestShortener();
    const first = await call<{ id: string }>(shortener, "POST", "/api/utm-templates", {
      body: { template: "utm_source=notion" },
    });
    const replaced = await call<{ id: string; template: string }>(shortener, "POST", "/api/utm-templates", {
      body: { tag: null, template: "utm_source=linksync" },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: first.body.id, template: "utm_source=linksync" });
    const list = await call<{ templates: { id: string }[] }>(shortener, "GET", "/api/utm-templates");
    expect(list.body.templates).toHaveLength(1);

    const link = await createLink(shortener, { destination: "https://example.com/" });
    expect((await visit(shortener, link.slug)).location).toBe("https://example.com/?utm_source=linksync");
    expect((await call(shortener, "DELETE", `/api/utm-templates/${first.body.id}`)).status).toBe(204);
    expect((await visit(shortener, link.slug)).location).toBe("https://example.com/");
    expect((await call(shortener, "DELETE", `/api/utm-templates/${first.body.id}`)).status).toBe(404);
  });

  it("refuses a template with an unknown placeholder", async () => {
    shortener = await startTestShortener();
    const answer = await call<ErrorBody>(shortener, "POST", "/api/utm-templates", {
      body: { template: "utm_term={keyword}" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain("{keyword}");
  });
});

describe("GET /{slug}.png", () => {
  it("is a 1024×1024 PNG of the branded short URL", async () => {
    shortener = await startTestShortener({ brandedBaseUrl: "https://go.acme.com" });
    const link = await createLink(shortener, { destination: "https://example.com/qr" });
    const response = await fetch(`${shortener.url}/${link.slug}.png`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    const png = Buffer.from(await response.arrayBuffer());
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
    expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual({
      width: 1024,
      height: 1024,
    });
    // renderQrPng's own test proves its modules are the QR code of the text; here: the text is the short URL.
    expect(png.equals(await renderQrPng(`https://go.acme.com/${link.slug}`))).toBe(true);

    const clicks = await call<ClicksBody>(shortener, "GET", `/api/clicks?ids=${link.id}`);
    expect(clicks.body.clicks[link.id]?.count).toBe(0);
    expect((await fetch(`${shortener.url}/unknownSlug.png`)).status).toBe(404);
  });
});
