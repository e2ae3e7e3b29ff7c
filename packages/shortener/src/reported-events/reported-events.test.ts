import { exampleConflictReport } from "@linksync/link-contract";
import { verifyLinksyncSignature } from "@linksync/webhook-protocol";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningShortener } from "../server/start-shortener";
import { type HttpReceiver, startReceiver } from "../testing/http-receiver";
import { call, type ErrorBody, startTestShortener } from "../testing/shortener-client";
import { waitFor } from "../testing/wait-for";
import type { WebhookEvent } from "../webhooks/webhook-events";

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of running.splice(0)) await item.close();
});

async function setUp(): Promise<{ service: RunningShortener; hooks: HttpReceiver }> {
  const hooks = await startReceiver();
  const service = await startTestShortener({
    webhooks: { pollIntervalMs: 5, targets: "any" },
    accounts: [{ id: "other", name: "Other", apiKey: "other-account-key" }],
  });
  running.push(service, hooks);
  return { service, hooks };
}

const conflict = exampleConflictReport();

async function subscribe(service: RunningShortener, url: string, events: string[]) {
  const answer = await call<{ id: string; secret: string }>(service, "POST", "/api/webhooks", {
    body: { url, events },
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

type Reported = { event: WebhookEvent; duplicate: boolean };

describe("the events intake", () => {
  it("fans a reported conflict out once, signed, to the subscribers of conflict, however often it is reported", async () => {
    const { service, hooks } = await setUp();
    const subscription = await subscribe(service, `${hooks.url}/conflicts`, ["conflict"]);
    await subscribe(service, `${hooks.url}/links`, ["link.created"]);

    const first = await call<Reported>(service, "POST", "/api/events", {
      body: { type: "conflict", data: conflict },
    });
    const again = await call<Reported>(service, "POST", "/api/events", {
      body: { type: "conflict", data: conflict },
    });

    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ duplicate: false, event: { type: "conflict", data: conflict } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ duplicate: true, event: first.body.event });
    await waitFor(() => hooks.received.length > 0, "the conflict delivery");
    await service.close();
    expect(hooks.received.map((request) => request.path)).toEqual(["/conflicts"]);
    const [delivery] = hooks.received;
    expect(delivery?.headers["linksync-event"]).toBe("conflict");
    expect(JSON.parse(delivery!.body)).toEqual(first.body.event);
    expect(
      verifyLinksyncSignature(
        delivery!.body,
        String(delivery!.headers["linksync-signature"]),
        subscription.secret,
      ),
    ).toBe(true);
  });

  it("fans out sync.paused and lists recent events newest first, by type, for the calling account only", async () => {
    const { service, hooks } = await setUp();
    await subscribe(service, `${hooks.url}/paused`, ["sync.paused"]);
    const paused = {
      databaseId: conflict.databaseId,
      reason: "schema_drift",
      message: "Destination was renamed; map it again.",
      at: "2026-03-01T15:00:00.000Z",
    };
    await call(service, "POST", "/api/events", { body: { type: "conflict", data: conflict } });
    await call(service, "POST", "/api/events", { body: { type: "sync.paused", data: paused } });

    await waitFor(() => hooks.received.length === 1, "the sync.paused delivery");
    expect(JSON.parse(hooks.received[0]!.body)).toMatchObject({ type: "sync.paused", data: paused });
    const all = await call<{ events: WebhookEvent[] }>(service, "GET", "/api/events");
    expect(all.body.events.map((event) => event.type)).toEqual(["sync.paused", "conflict"]);
    const conflicts = await call<{ events: WebhookEvent[] }>(service, "GET", "/api/events?type=conflict");
    expect(conflicts.body.events.map((event) => event.data)).toEqual([conflict]);
    const other = await call<{ events: WebhookEvent[] }>(service, "GET", "/api/events", {
      apiKey: "other-account-key",
    });
    expect(other.body.events).toEqual([]);
  });

  it("refuses malformed reports with a sentence naming the field, and calls without the API key", async () => {
    const { service } = await setUp();
    const refusals = await Promise.all(
      [
        { type: "link.created", data: conflict },
        { type: "conflict", data: { ...conflict, conflictId: "not-a-ref" } },
        { type: "conflict", data: { ...conflict, pageUrl: "javascript:alert(1)" } },
        { type: "conflict", data: { ...conflict, at: "yesterday" } },
        { type: "conflict", data: { ...conflict, extra: true } },
        { type: "sync.paused", data: { databaseId: "d", reason: "bored", message: "m", at: conflict.at } },
      ].map((body) => call<ErrorBody>(service, "POST", "/api/events", { body })),
    );
    expect(refusals.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(refusals.map((answer) => answer.body.error.message)).toEqual([
      expect.stringContaining("type must be one of conflict, sync.paused"),
      expect.stringContaining("data.conflictId"),
      expect.stringContaining("data.pageUrl"),
      expect.stringContaining("data.at"),
      expect.stringContaining('Unknown field "extra"'),
      expect.stringContaining("data.reason"),
    ]);
    const anonymous = await call(service, "POST", "/api/events", {
      body: { type: "conflict", data: conflict },
      apiKey: null,
    });
    expect(anonymous.status).toBe(401);
    expect((await call<{ events: unknown[] }>(service, "GET", "/api/events")).body.events).toEqual([]);
  });
});
