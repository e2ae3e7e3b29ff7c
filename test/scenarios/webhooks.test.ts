import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Agent,
  createAgent,
  createLinksyncShortenerProvider,
  createNotionWebhookReceiver,
  LINKSYNC_SIGNATURE_HEADER,
  type LinkProvider,
  type LinksyncEvent,
  type NotionEventOutcome,
  type NotionWebhookEvent,
  type NotionWebhookReceiver,
  SecretBox,
  verifyLinksyncSignature,
  type WebhookAgent,
} from "@linksync/core";
import { type CampaignSeed, type RunningSandbox, startSandbox } from "@linksync/notion-sandbox";
import { type RunningShortener, startShortener } from "@linksync/shortener";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const API_KEY = "webhooks-e2e-key";
const POLL_INTERVAL_MS = 5 * 60_000;

let sandbox: RunningSandbox;
let shortener: RunningShortener;
let seed: CampaignSeed;
let links: LinkProvider;
let dataDir: string;
let agent: Agent & WebhookAgent;
let databaseId: string;
let events: LinksyncEvent[];
let servers: Server[];

/** Starts a real HTTP server on loopback for `handler`; closed after the test. */
async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Resolves with the first event the predicate accepts, past or future. */
function nextEvent(accept: (event: LinksyncEvent) => boolean): Promise<LinksyncEvent> {
  const seen = events.find(accept);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const off = agent.events.onAny((event) => {
      if (!accept(event)) return;
      off();
      resolve(event);
    });
  });
}

beforeEach(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  shortener = await startShortener({ apiKey: API_KEY });
  seed = await sandbox.control.seedCampaign({ rows: 6 });
  links = createLinksyncShortenerProvider({ baseUrl: shortener.url, apiKey: API_KEY });
  dataDir = await mkdtemp(join(tmpdir(), "linksync-webhooks-e2e-"));
  servers = [];
  events = [];
  agent = createAgent({
    dataDir,
    secretKey: SecretBox.generateKey(),
    scheduler: { maxElapsedMs: 2_000, backoff: { initialMs: 20, maxMs: 200 } },
    webhookPolicy: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 10, pauseAfterFailures: 3 },
  });
  agent.events.onAny((event) => events.push(event));
  const connection = await agent.addConnection({
    auth: { kind: "internal", token: seed.token },
    notionBaseUrl: sandbox.baseUrl,
    requestsPerSecond: 1000,
  });
  const database = await agent.attachDatabase({
    connectionId: connection.id,
    dataSourceId: seed.dataSourceId,
    createMissingColumns: true,
    provider: { kind: "linksync-shortener", baseUrl: shortener.url, apiKey: API_KEY },
    pollIntervalMs: POLL_INTERVAL_MS,
  });
  databaseId = database.id;
});
afterEach(async () => {
  await agent.stop();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await Promise.all([sandbox.close(), shortener.close()]);
  await rm(dataDir, { recursive: true, force: true });
});

describe("Notion webhooks in: an edit reaches the link in seconds, without a poll", () => {
  let receiver: NotionWebhookReceiver;
  let outcomes: { pageId: string; outcome: NotionEventOutcome }[];
  const outcomeWaiters: (() => void)[] = [];

  /** Resolves with what the agent did with the first event about `pageId`. */
  async function outcomeFor(pageId: string): Promise<NotionEventOutcome> {
    for (;;) {
      const found = outcomes.find((o) => o.pageId === pageId);
      if (found) return found.outcome;
      await new Promise<void>((resolve) => outcomeWaiters.push(resolve));
    }
  }

  async function linkedRow(): Promise<{ pageId: string; linkId: string }> {
    const page = (await agent.topLinks(databaseId, 1))[0];
    const link = page && (await links.findByIdempotencyKey(`notion-page:${page.pageId}`));
    if (!page || !link) throw new Error("the backfill linked no row");
    return { pageId: page.pageId, linkId: link.id };
  }

  beforeEach(async () => {
    outcomes = [];
    receiver = createNotionWebhookReceiver({
      host: agent,
      onError: (error) => {
        throw error;
      },
      onEvent: (event, outcome) => {
        outcomes.push({ pageId: event.entity.id, outcome });
        for (const waiter of outcomeWaiters.splice(0)) waiter();
      },
    });
    const url = await listen(receiver);
    const created = await sandbox.control.createWebhookSubscription({
      url: `${url}/notion`,
      token: seed.token,
    });
    // The handshake kept the token as a candidate; the user pastes it into Notion's dashboard to confirm the
    // subscription, and Notion's first signed delivery proves it.
    expect(created.verificationStatus).toBe(200);
    expect(await agent.notionWebhookToken()).toBeNull();
    const [token] = await agent.notionWebhookCandidates();
    expect(token).toBe(created.verificationToken);
    await sandbox.control.verifyWebhookSubscription(created.subscriptionId, token ?? "");
    // The schedule's first run (the backfill) happens now; the next poll is five minutes away.
    await agent.start();
    await agent.syncNow(databaseId);
    await sandbox.control.flushWebhooks();
    await receiver.idle();
    expect(await agent.notionWebhookToken()).toBe(created.verificationToken);
    expect(await agent.notionWebhookCandidates()).toEqual([]);
    events.length = 0;
  });

  it("moves a link to the Destination edited in Notion in under 5 s, with no sync cycle run", async () => {
    const page = await linkedRow();
    const { linkId } = page;
    const target = "https://shop.example.com/from-a-webhook";

    const editedAt = performance.now();
    await sandbox.control.editPageAsPerson(page.pageId, { Destination: target });
    await nextEvent(
      (e) => e.type === "link.updated" && e.payload.field === "destination" && e.payload.to === target,
    );
    const latencyMs = performance.now() - editedAt;

    expect((await links.get(linkId))?.destination).toBe(target);
    console.log(
      `Notion edit → link destination through the webhook: ${latencyMs.toFixed(0)} ms (the poll would take up to ${POLL_INTERVAL_MS / 1000} s)`,
    );
    expect(latencyMs).toBeLessThan(5_000);
    expect(events.some((e) => e.type === "sync.completed")).toBe(false);

    // Linksync's own write-back to the row comes back as a bot-authored event, which is dropped.
    await sandbox.control.flushWebhooks();
    await receiver.idle();
    const deliveries = await sandbox.control.webhookDeliveries();
    const botEcho = deliveries
      .map((d) => (d.body === null ? null : (JSON.parse(d.body) as NotionWebhookEvent)))
      .filter((e) => e?.entity.id === page.pageId && e.authors.every((a) => a.type === "bot"));
    expect(botEcho.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.pageId === page.pageId)).toHaveLength(1);
    expect(events.filter((e) => e.type === "link.updated" && e.payload.field === "destination")).toHaveLength(
      1,
    );
  });

  it("writes nothing for a paused database: the event waits for the resume, like the poll would", async () => {
    const { pageId, linkId } = await linkedRow();
    const before = (await links.get(linkId))?.destination;
    await agent.pause(databaseId);
    await sandbox.control.editPageAsPerson(pageId, { Destination: "https://shop.example.com/while-paused" });

    const outcome = await outcomeFor(pageId);
    expect(outcome).toMatchObject({ kind: "rows_synced", databases: [{ report: { kind: "paused" } }] });
    expect((await links.get(linkId))?.destination).toBe(before);

    await agent.resume(databaseId);
    await agent.syncNow(databaseId);
    expect((await links.get(linkId))?.destination).toBe("https://shop.example.com/while-paused");
  });

  it("turns a conflict found through a Notion webhook into a signed outgoing conflict webhook", async () => {
    const received: Delivery[] = [];
    const url = await listen(async (request, response) => {
      received.push({
        rawBody: await readAll(request),
        signature: request.headers[LINKSYNC_SIGNATURE_HEADER.toLowerCase()] as string | undefined,
      });
      response.writeHead(200).end();
    });
    const { secret } = await agent.addWebhook({ url, events: ["conflict"] });
    const { pageId, linkId } = await linkedRow();
    await links.update(linkId, { destination: "https://b.example/zap" }, { source: "zapier" });
    await sandbox.control.editPageAsPerson(pageId, { Destination: "https://a.example/notion" });

    await nextEvent((e) => e.type === "conflict");
    await until(() => received.length === 1);
    const [delivery] = received;
    expect(verifyLinksyncSignature(delivery?.rawBody ?? "", delivery?.signature, secret)).toBe(true);
    expect(JSON.parse(delivery?.rawBody ?? "{}")).toMatchObject({
      type: "conflict",
      data: {
        pageId,
        kept: "https://a.example/notion",
        dropped: "https://b.example/zap",
        droppedSource: "zapier",
      },
    });
    expect((await links.get(linkId))?.destination).toBe("https://a.example/notion");
    expect(events.some((e) => e.type === "sync.completed")).toBe(false);
  });

  it("gives a row a person creates its link at once", async () => {
    const created = await sandbox.control.createPageAsPerson(seed.dataSourceId, {
      Name: "Made by a person",
      Destination: "https://shop.example.com/new-row",
      Sync: "Live",
    });
    const minted = await nextEvent((e) => e.type === "link.created" && e.payload.pageId === created.id);
    expect(minted.type === "link.created" && minted.payload.destination).toBe(
      "https://shop.example.com/new-row",
    );
    expect(events.some((e) => e.type === "sync.completed")).toBe(false);
  });

  it("pauses the database as soon as a mapped column is retyped, and resumes once its type is back", async () => {
    await sandbox.control.updateSchema(seed.dataSourceId, { Destination: { rich_text: {} } });
    const paused = await nextEvent((e) => e.type === "sync.paused");
    expect(paused.type === "sync.paused" && paused.payload.message).toContain('"Destination"');
    await receiver.idle();
    expect(agent.status().databases[0]?.state).toMatchObject({ kind: "paused", reason: "schema_drift" });

    await sandbox.control.updateSchema(seed.dataSourceId, { Destination: { url: {} } });
    await nextEvent((e) => e.type === "sync.resumed");
    await receiver.idle();
    expect(agent.status().databases[0]?.state.kind).not.toBe("paused");
  });
});

interface Delivery {
  readonly rawBody: string;
  readonly signature: string | undefined;
}

async function readAll(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

describe("outgoing webhooks from the engine", () => {
  it("POSTs link.updated, conflict and sync.paused signed with Linksync-Signature", async () => {
    const received: Delivery[] = [];
    const url = await listen(async (request, response) => {
      received.push({
        rawBody: await readAll(request),
        signature: request.headers[LINKSYNC_SIGNATURE_HEADER.toLowerCase()] as string | undefined,
      });
      response.writeHead(204).end();
    });
    const { webhook, secret } = await agent.addWebhook({
      url: `${url}/hooks`,
      events: ["link.created", "link.updated", "conflict", "sync.paused"],
    });
    await agent.syncNow(databaseId);
    const page = (await agent.topLinks(databaseId, 1))[0];
    if (!page) throw new Error("the backfill linked no row");
    const linkId = (await links.findByIdempotencyKey(`notion-page:${page.pageId}`))?.id ?? "";
    await sandbox.control.editPageAsPerson(page.pageId, { Destination: "https://a.example/kept" });
    await links.update(linkId, { destination: "https://b.example/dropped" }, { source: "zapier" });
    await agent.syncNow(databaseId);
    await agent.pause(databaseId);
    const typeOf = (d: Delivery) => (JSON.parse(d.rawBody) as { type: string }).type;
    await until(() => received.some((d) => typeOf(d) === "sync.paused"));

    for (const delivery of received) {
      expect(verifyLinksyncSignature(delivery.rawBody, delivery.signature, secret)).toBe(true);
    }
    const types = received.map(typeOf);
    const minted = events.filter((e) => e.type === "link.created").length;
    expect(minted).toBeGreaterThan(0);
    expect(types.filter((t) => t === "link.created")).toHaveLength(minted);
    expect(types).toContain("link.updated");
    expect(types).toContain("conflict");
    expect(types).toContain("sync.paused");
    const conflict = received.map((d) => JSON.parse(d.rawBody)).find((b) => b.type === "conflict");
    expect(conflict.data).toMatchObject({
      kept: "https://a.example/kept",
      dropped: "https://b.example/dropped",
    });
    // The receiver has answered; the agent records each answer in its delivery log right after.
    await until(() => agent.webhookDeliveries(webhook.id).every((d) => d.state === "delivered"));
    expect(agent.webhookDeliveries(webhook.id)).toHaveLength(received.length);
  });

  it("retries a failing receiver, pauses the webhook after repeated failures, and delivers once resumed", async () => {
    let status = 503;
    const received: string[] = [];
    const url = await listen(async (request, response) => {
      received.push(await readAll(request));
      response.writeHead(status).end();
    });
    const { webhook } = await agent.addWebhook({ url, events: ["sync.paused"] });
    await agent.pause(databaseId);
    await until(() => agent.listWebhooks()[0]?.status === "paused");
    expect(received).toHaveLength(3);
    expect(new Set(received).size).toBe(1);
    const [delivery] = agent.webhookDeliveries(webhook.id);
    expect(delivery?.attempts.map((a) => a.status)).toEqual([503, 503, 503]);
    expect(agent.listWebhooks()[0]?.pausedReason).toMatch(/3 failed deliveries in a row/);

    status = 200;
    await agent.resumeWebhook(webhook.id);
    await until(() => agent.webhookDeliveries(webhook.id)[0]?.state === "delivered");
    expect(received).toHaveLength(4);
  });
});

/** Waits for a condition the system reaches by itself (deliveries over real loopback HTTP), bounded in time. */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("The condition was not met in time.");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
