import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyLinksyncSignature } from "@linksync/webhook-protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PgClient } from "../database/pg-client";
import { PgliteClient } from "../database/pglite-client";
import type { SqlClient } from "../database/sql-client";
import type { RunningShortener, ShortenerOptions } from "../server/start-shortener";
import { FakeClock } from "../testing/fake-clock";
import { type HttpReceiver, startReceiver } from "../testing/http-receiver";
import {
  call,
  createLink,
  type ErrorBody,
  postgresOptions,
  startTestShortener,
  startTestShortenerOn,
  visit,
} from "../testing/shortener-client";
import { createTestSchema, TEST_ENGINES, type TestEngine } from "../testing/test-database";
import { waitFor } from "../testing/wait-for";
import type { WebhookEvent } from "./webhook-events";
import type { DeliveryView, SubscriptionView } from "./webhook-subscriptions";

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  // In order: shorteners first (they write their files on close), then receivers and directories.
  for (const item of running.splice(0)) await item.close();
});

async function receiver(): Promise<HttpReceiver> {
  const started = await startReceiver();
  running.push(started);
  return started;
}

let engine: TestEngine = "pglite";

async function shortener(options: Partial<ShortenerOptions> = {}): Promise<RunningShortener> {
  const started = await startTestShortenerOn(engine, { webhooks: { pollIntervalMs: 5 }, ...options });
  running.unshift(started);
  return started;
}

/** Where a shortener keeps its data across a restart on the engine under test, and a way to read it directly. */
async function persistentStorage(): Promise<{
  options: Partial<ShortenerOptions>;
  open(): Promise<SqlClient>;
}> {
  if (engine === "postgres") {
    const schema = await createTestSchema();
    running.push({ close: schema.drop });
    return {
      options: { ...postgresOptions(schema), webhooks: { targets: "any" } },
      open: async () =>
        new PgClient({
          connectionString: schema.databaseUrl,
          schema: schema.databaseSchema,
          onError: () => {},
        }),
    };
  }
  const directory = await mkdtemp(join(tmpdir(), "linksync-webhooks-"));
  running.push({ close: () => rm(directory, { recursive: true, force: true }) });
  return {
    options: { dataDir: join(directory, "data") },
    open: () => PgliteClient.open({ dataDir: join(directory, "data") }),
  };
}

type Created = SubscriptionView & { secret: string };

async function subscribe(target: RunningShortener, url: string, events: string[], apiKey?: string) {
  const answer = await call<Created>(target, "POST", "/api/webhooks", {
    body: { url, events },
    ...(apiKey !== undefined && { apiKey }),
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

function events(at: HttpReceiver): WebhookEvent[] {
  return at.received.map((request) => JSON.parse(request.body) as WebhookEvent);
}

async function deliveries(target: RunningShortener, id: string): Promise<DeliveryView[]> {
  return (await call<{ deliveries: DeliveryView[] }>(target, "GET", `/api/webhooks/${id}/deliveries`)).body
    .deliveries;
}

describe.each(TEST_ENGINES)("outgoing webhooks on %s", (under) => {
  beforeEach(() => {
    engine = under;
  });

  it("delivers link.created and link.updated signed with the secret shown once", async () => {
    const hooks = await receiver();
    const service = await shortener();
    const subscription = await subscribe(service, `${hooks.url}/hook`, ["link.created", "link.updated"]);
    expect(subscription).toMatchObject({ status: "active", events: ["link.created", "link.updated"] });
    expect(subscription.secret).toMatch(/^whsec_/);
    const listed = await call<{ webhooks: SubscriptionView[] }>(service, "GET", "/api/webhooks");
    expect(listed.body.webhooks).toEqual([expect.objectContaining({ id: subscription.id })]);
    expect(JSON.stringify(listed.body)).not.toContain(subscription.secret);

    const link = await createLink(service, { destination: "https://example.com/a", tags: ["spring"] });
    await call(service, "PATCH", `/api/links/${link.id}`, { body: { destination: "https://example.com/b" } });
    await waitFor(() => hooks.received.length === 2, "two deliveries");

    for (const request of hooks.received) {
      expect(request.path).toBe("/hook");
      expect(
        verifyLinksyncSignature(
          request.body,
          request.headers["linksync-signature"] as string,
          subscription.secret,
        ),
      ).toBe(true);
      expect(
        verifyLinksyncSignature(request.body, request.headers["linksync-signature"] as string, "whsec_wrong"),
      ).toBe(false);
    }
    expect(events(hooks).map((event) => [event.type, event.data])).toEqual([
      [
        "link.created",
        { link: expect.objectContaining({ id: link.id, destination: "https://example.com/a" }) },
      ],
      [
        "link.updated",
        { link: expect.objectContaining({ id: link.id, destination: "https://example.com/b" }) },
      ],
    ]);
    expect(hooks.received[0]!.headers["linksync-event"]).toBe("link.created");
  });

  it("sums a minute's clicks into one link.clicked per link", async () => {
    const hooks = await receiver();
    const clock = new FakeClock();
    const service = await shortener({ now: clock.now, clickFlushIntervalMs: 5 });
    await subscribe(service, hooks.url, ["link.clicked"]);
    const busy = await createLink(service, { destination: "https://example.com/busy" });
    const quiet = await createLink(service, { destination: "https://example.com/quiet" });
    for (let i = 0; i < 3; i++) await visit(service, busy.slug);
    await visit(service, quiet.slug);
    clock.advance(30_000);
    await visit(service, busy.slug);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hooks.received).toHaveLength(0);

    clock.advance(30_000 + 10);
    await waitFor(() => hooks.received.length === 2, "the two click events");
    const byLink = Object.fromEntries(
      events(hooks).map((event) => [(event.data as { link: { id: string } }).link.id, event]),
    );
    expect(byLink[busy.id]).toMatchObject({
      type: "link.clicked",
      data: {
        clicks: 4,
        link: { slug: busy.slug, shortUrl: busy.shortUrl },
        windowStart: "2026-11-22T18:00:00.000Z",
        windowEnd: "2026-11-22T18:01:00.000Z",
      },
    });
    expect(byLink[quiet.id]).toMatchObject({ data: { clicks: 1 } });
  });

  it("sends a minute's clicks once the minute is over", async () => {
    const hooks = await receiver();
    const clock = new FakeClock();
    const service = await shortener({ now: clock.now, clickFlushIntervalMs: 5 });
    await subscribe(service, hooks.url, ["link.clicked"]);
    const link = await createLink(service, { destination: "https://example.com/once" });
    await visit(service, link.slug);
    clock.advance(60_000 + 10);
    await waitFor(() => hooks.received.length === 1, "the click event");
    expect(events(hooks)[0]).toMatchObject({
      type: "link.clicked",
      data: { clicks: 1, link: { id: link.id } },
    });
  });

  it("sends the minutes open at a stop once they are over, after the next start", async () => {
    const hooks = await receiver();
    const clock = new FakeClock();
    const storage = await persistentStorage();
    const options = { ...storage.options, now: clock.now, secretsKey: randomBytes(32).toString("base64") };
    const first = await shortener(options);
    await subscribe(first, hooks.url, ["link.clicked"]);
    const link = await createLink(first, { destination: "https://example.com/stopped" });
    await visit(first, link.slug);
    await visit(first, link.slug);
    await first.close();
    expect(hooks.received).toHaveLength(0);

    clock.advance(60_000 + 10_000);
    await shortener(options);
    await waitFor(() => hooks.received.length === 1, "the click event of the minute open at the stop");
    expect(events(hooks)[0]).toMatchObject({
      type: "link.clicked",
      data: { clicks: 2, link: { id: link.id } },
    });
  });

  it("retries on an exponential back-off and logs every attempt", async () => {
    const hooks = await receiver();
    let failures = 2;
    hooks.respond(() => (failures-- > 0 ? { status: 500 } : { status: 204 }));
    const clock = new FakeClock();
    const service = await shortener({ now: clock.now, webhooks: { pollIntervalMs: 5, baseDelayMs: 1000 } });
    const subscription = await subscribe(service, hooks.url, ["link.created"]);
    await createLink(service, { destination: "https://example.com/retry" });
    await waitFor(() => hooks.received.length === 1, "the first attempt");
    const start = clock.now();
    // The receiver answers before the attempt is recorded: wait for the record.
    let [delivery] = await waitForDelivery(
      service,
      subscription.id,
      "pending",
      1,
      (d) => d.attempts.length === 1,
    );
    expect(delivery).toMatchObject({ nextAttemptAt: new Date(start + 1000).toISOString() });

    clock.advance(1000);
    await waitFor(() => hooks.received.length === 2, "the second attempt");
    [delivery] = await waitForDelivery(
      service,
      subscription.id,
      "pending",
      1,
      (d) => d.attempts.length === 2,
    );
    expect(delivery).toMatchObject({ nextAttemptAt: new Date(start + 3000).toISOString() });
    clock.advance(2000);
    await waitFor(() => hooks.received.length === 3, "the third attempt");
    [delivery] = await waitForDelivery(service, subscription.id, "delivered");
    expect(delivery!.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 204]);
    expect(delivery!.attempts[0]!.error).toMatch(/HTTP 500/);
    expect(new Set(events(hooks).map((event) => event.id)).size).toBe(1);
  });

  it("pauses a subscription after repeated failures, holds its events, and sends them on resume", async () => {
    const hooks = await receiver();
    hooks.respond(() => ({ status: 503 }));
    const service = await shortener({
      webhooks: { pollIntervalMs: 5, pauseAfterFailures: 3, baseDelayMs: 3_600_000 },
    });
    const subscription = await subscribe(service, hooks.url, ["link.created"]);
    for (let i = 0; i < 3; i++) await createLink(service, { destination: `https://example.com/${i}` });
    await waitFor(() => hooks.received.length === 3, "three failed attempts");
    const paused = await waitForStatus(service, subscription.id, "paused");
    expect(paused.pausedReason).toMatch(
      /3 failed deliveries in a row \(last: The receiver answered HTTP 503\)\. Fix the receiver/,
    );

    await createLink(service, { destination: "https://example.com/held" });
    expect(await deliveries(service, subscription.id)).toHaveLength(4);
    hooks.respond(() => ({ status: 200 }));
    const resumed = await call<SubscriptionView>(service, "POST", `/api/webhooks/${subscription.id}/resume`);
    expect(resumed.body).toMatchObject({ status: "active", consecutiveFailures: 0 });
    await waitFor(
      () => hooks.received.filter((r) => r.body.includes("/held")).length === 1,
      "the held event",
    );
    await waitForDelivery(service, subscription.id, "delivered", 4);
  });

  it("marks a delivery failed after the last attempt", async () => {
    const hooks = await receiver();
    hooks.respond(() => ({ status: 410 }));
    const clock = new FakeClock();
    const service = await shortener({
      now: clock.now,
      webhooks: { pollIntervalMs: 5, baseDelayMs: 10, maxAttempts: 2 },
    });
    const subscription = await subscribe(service, hooks.url, ["link.created"]);
    await createLink(service, { destination: "https://example.com/gone" });
    await waitFor(() => hooks.received.length === 1, "the first attempt");
    await waitForDelivery(service, subscription.id, "pending", 1, (d) => d.attempts.length === 1);
    clock.advance(10);
    const [delivery] = await waitForDelivery(service, subscription.id, "failed");
    expect(delivery).toMatchObject({ nextAttemptAt: null, attempts: [{ status: 410 }, { status: 410 }] });
  });

  it("keeps subscriptions and queued deliveries across a restart, signed with the same secret", async () => {
    const storage = await persistentStorage();
    const options = {
      ...storage.options,
      apiKey: `key-${randomBytes(8).toString("hex")}`,
      secretsKey: randomBytes(32).toString("base64"),
      webhooks: { ...storage.options.webhooks, pollIntervalMs: 5, baseDelayMs: 1500 },
    };
    const hooks = await receiver();
    hooks.respond(() => ({ status: 503 }));
    const first = await shortener(options);
    const subscription = await subscribe(first, hooks.url, ["link.created"]);
    await createLink(first, { destination: "https://example.com/durable" });
    await waitFor(() => hooks.received.length === 1, "the failed attempt");
    await first.close();
    const stored = await storage.open();
    const { rows } = await stored.query<{ id: string; secret: string }>(
      "SELECT id, secret FROM webhook_subscriptions",
    );
    await stored.close();
    expect(rows.map((row) => row.id)).toEqual([subscription.id]);
    expect(JSON.stringify(rows)).not.toContain(subscription.secret);

    // The retry's job was queued before the stop; the next instance sends it when it is due.
    hooks.respond(() => ({ status: 200 }));
    const clock = new FakeClock(Date.now() + 3_600_000);
    const second = await shortener({ ...options, now: clock.now });
    await waitFor(() => hooks.received.length === 2, "the retry after restart");
    const [failed, retried] = hooks.received;
    expect(JSON.parse(retried!.body).id).toBe(JSON.parse(failed!.body).id);
    expect(
      verifyLinksyncSignature(
        retried!.body,
        retried!.headers["linksync-signature"] as string,
        subscription.secret,
        {
          now: clock.now(),
        },
      ),
    ).toBe(true);
    await waitForDelivery(second, subscription.id, "delivered");

    await second.close();
    await expect(shortener({ ...options, secretsKey: randomBytes(32).toString("base64") })).rejects.toThrow(
      /sealed with another secretsKey/,
    );
  }, 90_000);

  it("counts a receiver that does not answer in time as a failed attempt", async () => {
    const hooks = await receiver();
    hooks.respond(() => null);
    const service = await shortener({
      webhooks: { pollIntervalMs: 5, timeoutMs: 50, baseDelayMs: 3_600_000 },
    });
    const subscription = await subscribe(service, hooks.url, ["link.created"]);
    await createLink(service, { destination: "https://example.com/slow" });
    const [delivery] = await waitForDelivery(
      service,
      subscription.id,
      "pending",
      1,
      (d) => d.attempts.length === 1,
    );
    expect(delivery!.attempts[0]).toMatchObject({
      status: null,
      error: "The receiver did not answer in time.",
    });
  });

  it("refuses to store webhook secrets on disk without a secretsKey to read them back", async () => {
    const storage = await persistentStorage();
    // Started without the secretsKey the PostgreSQL test shortener gets by default.
    const service = await startTestShortener(storage.options);
    running.unshift(service);
    const answer = await call<ErrorBody>(service, "POST", "/api/webhooks", {
      body: { url: "https://example.com/h", events: ["link.created"] },
    });
    expect(answer.status).toBe(500);
    expect(answer.body.error.message).toMatch(/start it with secretsKey/);
  });

  it("keeps accounts apart: each sees its own webhooks and gets events of its own links only", async () => {
    const hooks = await receiver();
    const otherKey = `other-${randomBytes(8).toString("hex")}`;
    const service = await shortener({ accounts: [{ id: "globex", name: "Globex", apiKey: otherKey }] });
    const mine = await subscribe(service, `${hooks.url}/primary`, ["link.created"]);
    await subscribe(service, `${hooks.url}/globex`, ["link.created"], otherKey);
    const theirs = await call<{ webhooks: SubscriptionView[] }>(service, "GET", "/api/webhooks", {
      apiKey: otherKey,
    });
    expect(theirs.body.webhooks.map((hook) => hook.url)).toEqual([`${hooks.url}/globex`]);
    const probe = await call<ErrorBody>(service, "DELETE", `/api/webhooks/${mine.id}`, { apiKey: otherKey });
    expect(probe.status).toBe(404);

    await createLink(service, { destination: "https://example.com/globex" }, {});
    await call(service, "POST", "/api/links", {
      body: { destination: "https://example.com/g2" },
      apiKey: otherKey,
    });
    await waitFor(() => hooks.received.length === 2, "one event per account");
    const byPath = Object.fromEntries(
      hooks.received.map((request) => [request.path, JSON.parse(request.body)]),
    );
    expect(byPath["/primary"].data.link.destination).toBe("https://example.com/globex");
    expect(byPath["/globex"].data.link.destination).toBe("https://example.com/g2");
  });

  it("refuses bad subscriptions and callers without a key", async () => {
    const service = await shortener();
    const badUrl = await call<ErrorBody>(service, "POST", "/api/webhooks", {
      body: { url: "ftp://x", events: ["link.created"] },
    });
    expect(badUrl.status).toBe(400);
    const badEvent = await call<ErrorBody>(service, "POST", "/api/webhooks", {
      body: { url: "https://example.com/h", events: ["link.deleted"] },
    });
    expect(badEvent.body.error.message).toMatch(/Unknown event "link.deleted"/);
    expect((await call(service, "GET", "/api/webhooks", { apiKey: null })).status).toBe(401);
    const deleted = await subscribe(service, "https://example.com/h", ["link.created"]);
    expect((await call(service, "DELETE", `/api/webhooks/${deleted.id}`)).status).toBe(204);
    expect((await call(service, "GET", `/api/webhooks/${deleted.id}`)).status).toBe(404);
  });
});

describe("link.clicked with two instances on one PostgreSQL", () => {
  it("sums a minute's clicks counted by both instances into one event per link, sent once", async () => {
    const hooks = await receiver();
    const clock = new FakeClock();
    const schema = await createTestSchema();
    running.push({ close: schema.drop });
    engine = "postgres";
    const shared = {
      ...postgresOptions(schema),
      apiKey: `key-${randomBytes(8).toString("hex")}`,
      secretsKey: randomBytes(32).toString("base64"),
      now: clock.now,
      clickFlushIntervalMs: 5,
      webhooks: { pollIntervalMs: 5, targets: "any" as const },
    };
    const a = await startTestShortener(shared);
    running.unshift(a);
    const b = await startTestShortener(shared);
    running.unshift(b);
    await subscribe(a, hooks.url, ["link.clicked"]);
    const link = await createLink(a, { destination: "https://example.com/both" });
    for (let i = 0; i < 3; i++) await visit(a, link.slug);
    for (let i = 0; i < 2; i++) await visit(b, link.slug);
    // Both instances' batches are written before the minute (and its grace) is over.
    await new Promise((resolve) => setTimeout(resolve, 200));
    clock.advance(60_000 + 10);
    await waitFor(() => hooks.received.length === 1, "the click event");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hooks.received).toHaveLength(1);
    expect(events(hooks)[0]).toMatchObject({
      type: "link.clicked",
      data: { clicks: 5, link: { id: link.id } },
    });
  });
});

async function waitForDelivery(
  service: RunningShortener,
  id: string,
  state: DeliveryView["state"],
  count = 1,
  also: (delivery: DeliveryView) => boolean = () => true,
): Promise<DeliveryView[]> {
  let latest: DeliveryView[] = [];
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    latest = await deliveries(service, id);
    if (latest.length === count && latest.every((delivery) => delivery.state === state && also(delivery))) {
      return latest;
    }
  }
  throw new Error(`Deliveries never all reached ${state}: ${JSON.stringify(latest)}`);
}

async function waitForStatus(
  service: RunningShortener,
  id: string,
  status: string,
): Promise<SubscriptionView> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const answer = await call<SubscriptionView>(service, "GET", `/api/webhooks/${id}`);
    if (answer.body.status === status) return answer.body;
  }
  throw new Error(`Webhook ${id} never became ${status}.`);
}
