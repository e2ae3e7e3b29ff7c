import { randomBytes } from "node:crypto";
import { exampleConflictReport } from "@linksync/link-contract";
import { afterAll, describe, expect, it } from "vitest";
import { apiRoutes } from "../api/routes";
import { eventRoutes } from "../reported-events/event-routes";
import type { RunningShortener } from "../server/start-shortener";
import { call, createLink, type ShortenerAddress, startTestShortener } from "../testing/shortener-client";
import { createTestSchema, TEST_ENGINES } from "../testing/test-database";
import { webhookRoutes } from "../webhooks/webhook-routes";

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.splice(0)) await step();
});

/** Every `/api` route that touches account data; the test fails if a route is added without being tried here. */
const ROUTES = [...apiRoutes, ...webhookRoutes(null as never), ...eventRoutes(null as never)].map(
  (route) => `${route.method} ${route.path}`,
);

const conflict = exampleConflictReport({ conflictId: "c_1a2b3c4d5e6f" });

describe.each(TEST_ENGINES)("accounts are walls (%s)", (engine) => {
  it("runs every API route as account B against account A's resources and gets nothing of A's", async () => {
    const keyB = `key-b-${randomBytes(12).toString("hex")}`;
    const database = engine === "postgres" ? await createTestSchema() : null;
    if (database) cleanup.push(database.drop);
    const service: RunningShortener = await startTestShortener({
      accounts: [{ id: "globex", name: "Globex", apiKey: keyB }],
      ...(database && {
        databaseUrl: database.databaseUrl,
        databaseSchema: database.databaseSchema,
        // Webhook secrets are kept in PostgreSQL: they need a key that outlives the process.
        secretsKey: randomBytes(32).toString("base64"),
      }),
    });
    cleanup.unshift(() => service.close());
    const asB: ShortenerAddress = { url: service.url, apiKey: keyB };
    const tried = new Set<string>();
    const asBCall = <T>(method: string, path: string, route: string, body?: unknown) => {
      tried.add(`${method} ${route}`);
      return call<T>(asB, method, path, body === undefined ? {} : { body });
    };

    // A's resources.
    const link = await createLink(service, {
      destination: "https://a.example/x",
      externalId: "row-a",
      tags: ["t"],
    });
    await fetch(`${service.url}/${link.slug}`, { redirect: "manual" });
    const template = await call<{ id: string }>(service, "POST", "/api/utm-templates", {
      body: { template: "utm_source=a" },
    });
    const hook = await call<{ id: string }>(service, "POST", "/api/webhooks", {
      body: { url: "https://hooks.a.example/in", events: ["link.created", "conflict"] },
    });
    expect(hook.status).toBe(201);
    expect(
      (await call(service, "POST", "/api/events", { body: { type: "conflict", data: conflict } })).status,
    ).toBe(202);

    // B, everywhere.
    expect((await asBCall("GET", `/api/links/${link.id}`, "/api/links/:id")).status).toBe(404);
    const patch = await asBCall("PATCH", `/api/links/${link.id}`, "/api/links/:id", {
      destination: "https://b.example/",
    });
    expect(patch.status).toBe(404);
    expect(
      (await call<{ destination: string }>(service, "GET", `/api/links/${link.id}`)).body.destination,
    ).toBe("https://a.example/x");
    expect((await fetch(`${service.url}/${link.slug}`, { redirect: "manual" })).headers.get("location")).toBe(
      "https://a.example/x?utm_source=a",
    );
    const byExternalId = await asBCall<{ links: unknown[] }>(
      "GET",
      "/api/links?external_id=row-a",
      "/api/links",
    );
    expect(byExternalId.body.links).toEqual([]);
    const feed = await asBCall<{ links: unknown[] }>("GET", "/api/links?updated_since=0", "/api/links");
    expect(feed.body.links).toEqual([]);
    const mint = await asBCall<{ id: string }>("POST", "/api/links", "/api/links", {
      destination: "https://b.example/own",
      externalId: "row-a",
    });
    expect(mint.status).toBe(201);
    expect(mint.body.id).not.toBe(link.id);
    const clicksGet = await asBCall<{ clicks: object }>("GET", `/api/clicks?ids=${link.id}`, "/api/clicks");
    expect(clicksGet.body.clicks).toEqual({});
    const clicksPost = await asBCall<{ clicks: object }>("POST", "/api/clicks", "/api/clicks", {
      ids: [link.id],
    });
    expect(clicksPost.body.clicks).toEqual({});
    const templates = await asBCall<{ templates: unknown[] }>(
      "GET",
      "/api/utm-templates",
      "/api/utm-templates",
    );
    expect(templates.body.templates).toEqual([]);
    const deleteTemplate = await asBCall(
      "DELETE",
      `/api/utm-templates/${template.body.id}`,
      "/api/utm-templates/:id",
    );
    expect(deleteTemplate.status).toBe(404);
    const ownTemplate = await asBCall("POST", "/api/utm-templates", "/api/utm-templates", {
      template: "utm_source=b",
    });
    expect(ownTemplate.status).toBe(201);
    expect((await fetch(`${service.url}/${link.slug}`, { redirect: "manual" })).headers.get("location")).toBe(
      "https://a.example/x?utm_source=a",
    );
    const hooks = await asBCall<{ webhooks: unknown[] }>("GET", "/api/webhooks", "/api/webhooks");
    expect(hooks.body.webhooks).toEqual([]);
    for (const [method, suffix, route] of [
      ["GET", "", "/api/webhooks/:id"],
      ["DELETE", "", "/api/webhooks/:id"],
      ["POST", "/resume", "/api/webhooks/:id/resume"],
      ["GET", "/deliveries", "/api/webhooks/:id/deliveries"],
    ] as const) {
      expect((await asBCall(method, `/api/webhooks/${hook.body.id}${suffix}`, route)).status).toBe(404);
    }
    const ownHook = await asBCall("POST", "/api/webhooks", "/api/webhooks", {
      url: "https://hooks.b.example/in",
      events: ["link.created"],
    });
    expect(ownHook.status).toBe(201);
    const events = await asBCall<{ events: unknown[] }>("GET", "/api/events?type=conflict", "/api/events");
    expect(events.body.events).toEqual([]);
    const report = await asBCall<{ duplicate: boolean }>("POST", "/api/events", "/api/events", {
      type: "conflict",
      data: conflict,
    });
    expect(report).toMatchObject({ status: 202, body: { duplicate: false } });
    const aStill = await call<{ links: unknown[] }>(service, "GET", "/api/links?updated_since=0");
    expect(aStill.body.links).toHaveLength(1);

    expect([...tried].sort()).toEqual([...new Set(ROUTES)].sort());
  });
});
