import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  LINKSYNC_SIGNATURE_HEADER,
  verifyLinksyncSignature,
  type WebhookRetryPolicy,
} from "@linksync/webhook-protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../clock/clock";
import { EventBus } from "../events/events";
import { SecretBox } from "../secrets/secret-box";
import { OutgoingWebhooks } from "./outgoing-webhooks";

interface Received {
  readonly body: string;
  readonly signature: string | undefined;
  readonly event: string | undefined;
}

/** A real HTTP receiver on loopback that answers each request with the next status of its script. */
async function startReceiver(
  statuses: () => number,
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: req.headers[LINKSYNC_SIGNATURE_HEADER.toLowerCase()] as string | undefined,
        event: req.headers["linksync-event"] as string | undefined,
      });
      res.writeHead(statuses()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received, server };
}

const POLICY: WebhookRetryPolicy = {
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  maxAttempts: 6,
  pauseAfterFailures: 4,
};
const key = SecretBox.generateKey();
let dir: string;
let clock: FakeClock;
let events: EventBus;
let webhooks: OutgoingWebhooks;
let servers: Server[];

async function openWebhooks(policy = POLICY): Promise<OutgoingWebhooks> {
  return OutgoingWebhooks.open({
    path: join(dir, "webhooks.json"),
    box: new SecretBox(key),
    clock,
    events,
    policy,
    onError: (error) => {
      throw error;
    },
  });
}

async function receiver(statuses: () => number) {
  const started = await startReceiver(statuses);
  servers.push(started.server);
  return started;
}

function emitPaused(message = "Destination was deleted"): void {
  events.emit("sync.paused", {
    databaseId: "db-1",
    reason: "schema_drift",
    message,
    at: new Date(clock.now()).toISOString(),
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "linksync-webhooks-"));
  clock = new FakeClock();
  events = new EventBus();
  servers = [];
  webhooks = await openWebhooks();
});
afterEach(async () => {
  await webhooks.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await rm(dir, { recursive: true, force: true });
});

describe("outgoing webhooks", () => {
  it("POSTs each subscribed event with a Linksync-Signature the receiver verifies, and nothing else", async () => {
    const hook = await receiver(() => 204);
    const { webhook, secret } = await webhooks.add({ url: hook.url, events: ["sync.paused", "conflict"] });
    emitPaused();
    events.emit("sync.resumed", { databaseId: "db-1", at: new Date(clock.now()).toISOString() });
    await webhooks.idle();

    expect(hook.received).toHaveLength(1);
    const [delivery] = hook.received;
    expect(delivery?.event).toBe("sync.paused");
    expect(
      verifyLinksyncSignature(delivery?.body ?? "", delivery?.signature, secret, { now: clock.now() }),
    ).toBe(true);
    expect(
      verifyLinksyncSignature(delivery?.body ?? "", delivery?.signature, "whsec_wrong", { now: clock.now() }),
    ).toBe(false);
    expect(JSON.parse(delivery?.body ?? "")).toMatchObject({
      type: "sync.paused",
      data: { databaseId: "db-1", reason: "schema_drift", message: "Destination was deleted" },
    });
    const [logged] = webhooks.deliveries(webhook.id);
    expect(logged).toMatchObject({ state: "delivered", eventType: "sync.paused" });
    expect(logged?.attempts).toEqual([expect.objectContaining({ status: 204, error: null })]);
  });

  it("delivers a burst of events each exactly once", async () => {
    const hook = await receiver(() => 200);
    const { webhook } = await webhooks.add({ url: hook.url, events: ["sync.paused"] });
    for (let i = 0; i < 50; i++) emitPaused(`burst ${i}`);
    await webhooks.idle();
    const messages = hook.received.map(
      (r) => (JSON.parse(r.body) as { data: { message: string } }).data.message,
    );
    expect(messages.sort()).toEqual(Array.from({ length: 50 }, (_, i) => `burst ${i}`).sort());
    expect(webhooks.deliveries(webhook.id).filter((d) => d.state === "delivered")).toHaveLength(50);
  });

  it("retries a failed delivery on an exponential back-off timed by the clock, with the same event id", async () => {
    const script = [500, 503, 200];
    const hook = await receiver(() => script.shift() ?? 200);
    const { webhook } = await webhooks.add({ url: hook.url, events: ["sync.paused"] });
    emitPaused();
    await webhooks.idle();
    expect(hook.received).toHaveLength(1);

    await clock.advance(29_999);
    await webhooks.idle();
    expect(hook.received).toHaveLength(1);
    await clock.advance(1);
    await webhooks.idle();
    expect(hook.received).toHaveLength(2);

    await clock.advance(59_999);
    await webhooks.idle();
    expect(hook.received).toHaveLength(2);
    await clock.advance(1);
    await webhooks.idle();
    expect(hook.received).toHaveLength(3);

    const ids = hook.received.map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(new Set(ids).size).toBe(1);
    const [logged] = webhooks.deliveries(webhook.id);
    expect(logged?.state).toBe("delivered");
    const times = logged?.attempts.map((a) => Date.parse(a.at)) ?? [];
    expect([times[1]! - times[0]!, times[2]! - times[1]!]).toEqual([30_000, 60_000]);
    expect(logged?.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
  });

  it("pauses a webhook after repeated failures in a row, and resuming sends what waited", async () => {
    let status = 500;
    const hook = await receiver(() => status);
    const { webhook } = await webhooks.add({ url: hook.url, events: ["sync.paused"] });
    emitPaused("first");
    emitPaused("second");
    await webhooks.idle();
    await clock.advance(30_000);
    await webhooks.idle();
    expect(hook.received).toHaveLength(4);
    const paused = webhooks.list()[0];
    expect(paused).toMatchObject({ status: "paused", consecutiveFailures: 4 });
    expect(paused?.pausedReason).toMatch(
      /Paused after 4 failed deliveries in a row .*HTTP 500.*resume the webhook/,
    );

    await clock.advance(4 * 3_600_000);
    await webhooks.idle();
    expect(hook.received).toHaveLength(4);

    status = 200;
    await webhooks.resume(webhook.id);
    await webhooks.idle();
    expect(hook.received).toHaveLength(6);
    expect(webhooks.list()[0]).toMatchObject({ status: "active", consecutiveFailures: 0 });
    expect(webhooks.deliveries(webhook.id).map((d) => d.state)).toEqual(["delivered", "delivered"]);
  });

  it("gives a delivery up after the policy's last attempt and logs it failed", async () => {
    await webhooks.close();
    webhooks = await openWebhooks({ ...POLICY, pauseAfterFailures: 100 });
    const hook = await receiver(() => 500);
    const { webhook } = await webhooks.add({ url: hook.url, events: ["sync.paused"] });
    emitPaused();
    await webhooks.idle();
    for (let i = 0; i < 8; i++) {
      await clock.advance(3_600_000);
      await webhooks.idle();
    }
    expect(hook.received).toHaveLength(POLICY.maxAttempts);
    expect(webhooks.deliveries(webhook.id)[0]).toMatchObject({ state: "failed", nextAttemptAt: null });
  });

  it("keeps the secret encrypted on disk and resumes pending deliveries after a restart", async () => {
    let status = 500;
    const hook = await receiver(() => status);
    const { webhook, secret } = await webhooks.add({
      url: hook.url,
      events: ["sync.paused"],
      secret: "whsec_plain-text-secret",
    });
    emitPaused();
    await webhooks.idle();
    await webhooks.close();

    const file = await readFile(join(dir, "webhooks.json"), "utf8");
    expect(file).not.toContain(secret);
    expect(file).toContain(webhook.id);

    status = 200;
    webhooks = await openWebhooks();
    await clock.advance(30_000);
    await webhooks.idle();
    expect(hook.received).toHaveLength(2);
    expect(
      verifyLinksyncSignature(hook.received[1]?.body ?? "", hook.received[1]?.signature, secret, {
        now: clock.now(),
      }),
    ).toBe(true);
    expect(webhooks.deliveries(webhook.id)[0]?.state).toBe("delivered");
  });

  it("refuses a non-http URL and unknown events with a message naming the fix", async () => {
    await expect(webhooks.add({ url: "ftp://x.example/h", events: ["conflict"] })).rejects.toMatchObject({
      code: "webhook_url_invalid",
    });
    await expect(
      webhooks.add({ url: "https://x.example/h", events: ["sync.progress" as "conflict"] }),
    ).rejects.toThrow(/Unknown event "sync.progress"\. Pick from link\.created/);
    await expect(webhooks.remove("whk_missing")).rejects.toMatchObject({ code: "unknown_webhook" });
  });
});
