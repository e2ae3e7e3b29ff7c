import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signWebhookPayload } from "@notionhq/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NotionEventOutcome, NotionWebhookEvent } from "./notion-event";
import {
  createNotionWebhookReceiver,
  type NotionWebhookHost,
  type NotionWebhookReceiver,
} from "./notion-receiver";

const BOT = "1c2d3e4f-0000-4000-8000-00000000b07";
const PERSON = "9a8b7c6d-0000-4000-8000-0000000pe50";
const DATA_SOURCE = "5f6e7d8c-0000-4000-8000-0000000da7a";

/** The agent's side of the port, in memory: the token slots and a record of the events handed over. */
class RecordingHost implements NotionWebhookHost {
  token: string | null = null;
  candidates: string[] = [];
  readonly handled: NotionWebhookEvent[] = [];
  async notionWebhookToken() {
    return this.token;
  }
  async notionWebhookCandidates() {
    return this.candidates;
  }
  async addNotionWebhookCandidate(token: string) {
    if (!this.candidates.includes(token)) this.candidates.push(token);
  }
  async confirmNotionWebhookToken(token: string) {
    this.token = token;
    this.candidates = [];
  }
  notionBotIds() {
    return [BOT];
  }
  async handleNotionEvent(event: NotionWebhookEvent): Promise<NotionEventOutcome> {
    this.handled.push(event);
    return { kind: "rows_synced", databases: [] };
  }
}

let host: RecordingHost;
let receiver: NotionWebhookReceiver;
let server: Server;
let url: string;
const errors: unknown[] = [];

beforeEach(async () => {
  host = new RecordingHost();
  errors.length = 0;
  receiver = createNotionWebhookReceiver({
    host,
    onError: (error) => errors.push(error),
    maxBodyBytes: 4096,
  });
  server = createServer(receiver);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notion`;
});
afterEach(async () => {
  await receiver.idle();
  await new Promise((resolve) => server.close(resolve));
  expect(errors).toEqual([]);
});

function event(overrides: Partial<NotionWebhookEvent> = {}): NotionWebhookEvent {
  return {
    id: `evt-${Math.random().toString(36).slice(2)}`,
    timestamp: "2026-01-01T00:00:00.000Z",
    workspace_id: "ws",
    workspace_name: "Acme",
    subscription_id: "sub",
    integration_id: BOT,
    authors: [{ id: PERSON, type: "person" }],
    attempt_number: 1,
    api_version: "2025-09-03",
    type: "page.properties_updated",
    entity: { id: "page-1", type: "page" },
    data: { parent: { id: "db", type: "database", data_source_id: DATA_SOURCE } },
    ...overrides,
  };
}

async function post(body: string, signature?: string): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(signature ? { "x-notion-signature": signature } : {}),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

async function deliver(payload: NotionWebhookEvent, token = host.token ?? "secret_first"): Promise<number> {
  const body = JSON.stringify(payload);
  return post(body, await signWebhookPayload({ body, verificationToken: token }));
}

async function handshake(token = "secret_first"): Promise<number> {
  return post(JSON.stringify({ verification_token: token }));
}

describe("Notion webhook receiver", () => {
  it("keeps every unproved token, so a stranger's handshake posted first does not shut Notion's out", async () => {
    expect(await handshake("secret_intruder")).toBe(200);
    expect(await handshake("secret_first")).toBe(200);
    expect(await handshake("secret_first")).toBe(200);
    expect(host.token).toBeNull();
    expect(host.candidates).toEqual(["secret_intruder", "secret_first"]);
    // Notion's first delivery, signed with its own token, proves it; the stranger's is forgotten.
    const payload = event();
    expect(await deliver(payload, "secret_first")).toBe(200);
    await receiver.idle();
    expect(host.token).toBe("secret_first");
    expect(host.candidates).toEqual([]);
    expect(host.handled.map((e) => e.id)).toEqual([payload.id]);
    expect(await deliver(event(), "secret_intruder")).toBe(401);
  });

  it("never replaces a proved token with a later handshake", async () => {
    await handshake("secret_first");
    expect(await deliver(event(), "secret_first")).toBe(200);
    expect(await handshake("secret_intruder")).toBe(409);
    expect(await handshake("secret_first")).toBe(200);
    expect(host.token).toBe("secret_first");
    expect(host.candidates).toEqual([]);
    await receiver.idle();
  });

  it("lets a stranger's token sign nothing: events signed with an unproved intruder token are refused once Notion's is proved", async () => {
    await handshake("secret_intruder");
    await handshake("secret_first");
    await host.confirmNotionWebhookToken("secret_first");
    expect(await deliver(event(), "secret_intruder")).toBe(401);
    expect(await deliver(event(), "secret_first")).toBe(200);
    await receiver.idle();
    expect(host.handled).toHaveLength(1);
  });

  it("answers 401 to a delivery without a valid X-Notion-Signature, and hands nothing over", async () => {
    const payload = event();
    expect(await deliver(payload, "secret_first")).toBe(401); // no handshake yet: no key to check against
    await handshake();
    expect(await post(JSON.stringify(payload))).toBe(401);
    expect(await deliver(payload, "secret_wrong")).toBe(401);
    const signed = await signWebhookPayload({
      body: JSON.stringify(payload),
      verificationToken: "secret_first",
    });
    expect(await post(`${JSON.stringify(payload)} `, signed)).toBe(401); // the bytes changed after signing
    await receiver.idle();
    expect(host.handled).toEqual([]);
  });

  it("hands a signed event to the agent once, however often Notion delivers it", async () => {
    await handshake();
    const payload = event();
    expect(await deliver(payload)).toBe(200);
    expect(await deliver({ ...payload, attempt_number: 2 })).toBe(200);
    await receiver.idle();
    expect(host.handled.map((e) => e.id)).toEqual([payload.id]);
    expect(host.handled[0]?.entity.id).toBe("page-1");
  });

  it("ignores events whose every author is our own bot, but not an edit a person shares with it", async () => {
    await handshake();
    expect(await deliver(event({ authors: [{ id: BOT, type: "bot" }] }))).toBe(200);
    expect(await deliver(event({ authors: [{ id: BOT.replaceAll("-", ""), type: "bot" }] }))).toBe(200);
    const shared = event({
      authors: [
        { id: BOT, type: "bot" },
        { id: PERSON, type: "person" },
      ],
    });
    expect(await deliver(shared)).toBe(200);
    await receiver.idle();
    expect(host.handled.map((e) => e.id)).toEqual([shared.id]);
  });

  it("refuses what is not a signed Notion event: another method, a malformed body, an oversized body", async () => {
    await handshake();
    expect((await fetch(url)).status).toBe(405);
    const notAnEvent = JSON.stringify({ hello: "world" });
    expect(
      await post(
        notAnEvent,
        await signWebhookPayload({ body: notAnEvent, verificationToken: "secret_first" }),
      ),
    ).toBe(400);
    expect(await post("x".repeat(5000))).toBe(413);
    await receiver.idle();
    expect(host.handled).toEqual([]);
  });
});
