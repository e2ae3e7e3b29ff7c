import { existsSync, mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AgentStatus, AUDIT_FILE_NAME, AuditLog } from "@linksync/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ActivityPage, HostInfo } from "../shared/contract";
import { backfillWrites } from "../testing/audit-entries";
import { conflictEvent, database, ScriptedAgent } from "../testing/scripted-agent";
import { type HeadlessUi, startHeadlessUi } from "./headless-server";

let agent: ScriptedAgent;
let ui: HeadlessUi;
let token: string;
let origin: string;
let dataDir: string;

beforeEach(async () => {
  agent = new ScriptedAgent();
  agent.databases = [database("db-1", "Campaign links")];
  dataDir = mkdtempSync(join(tmpdir(), "linksync-headless-"));
  ui = await startHeadlessUi({
    agent,
    dataDir,
    port: 0,
    defaultProvider: {
      kind: "linksync-shortener",
      baseUrl: "http://127.0.0.1:9/",
      apiKey: "sk_secret_provider_key",
    },
  });
  const url = new URL(ui.url);
  token = url.searchParams.get("session") ?? "";
  origin = url.origin;
});
afterEach(() => ui.close());

const call = (
  name: string,
  args: unknown[],
  headers: Record<string, string> = { "x-linksync-session": token },
) =>
  fetch(`${origin}/api/call/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ args }),
  });

/** The value of a successful call, typed by the caller. */
async function resultOf<T>(response: Promise<Response>): Promise<T> {
  const envelope = (await (await response).json()) as { ok: boolean; value: T };
  expect(envelope.ok).toBe(true);
  return envelope.value;
}

describe("headless UI server", () => {
  it("listens on 127.0.0.1 with a random session token in the printed URL", () => {
    expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?session=[\w-]{32}$/);
  });

  it("serves the built renderer with a strict CSP when the token is presented, and sets a same-site cookie", async () => {
    const response = await fetch(ui.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Strict/);
    const html = await response.text();
    expect(html).toContain('<div id="root">');
    const script = html.match(/src="\.\/(assets\/[^"]+\.js)"/)?.[1];
    const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const asset = await fetch(`${origin}/${script}`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toContain("text/javascript");
  });

  it("rejects every request without the session token", async () => {
    expect((await fetch(`${origin}/`)).status).toBe(401);
    expect((await fetch(`${origin}/?session=wrong`)).status).toBe(401);
    expect((await fetch(`${origin}/api/events`)).status).toBe(401);
    const refused = await call("status", [], {});
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ ok: false, error: { code: "no_session" } });
    expect(agent.calls).toEqual([]);
  });

  it("refuses API calls carried by the cookie alone (cross-site requests)", async () => {
    const response = await call("syncNow", ["db-1"], { cookie: `linksync_session=${token}` });
    expect(response.status).toBe(403);
    expect(agent.calls).toEqual([]);
  });

  it("refuses a foreign Host header (DNS rebinding)", async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const outgoing = request(
        `${origin}/?session=${token}`,
        { headers: { host: "evil.example" } },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      );
      outgoing.on("error", reject);
      outgoing.end();
    });
    expect(status).toBe(403);
  });

  it("calls the agent through the contract and returns its answer", async () => {
    const response = await call("syncNow", ["db-1"]);
    expect(await response.json()).toEqual({ ok: true, value: [] });
    expect(agent.calls).toEqual([{ name: "syncNow", args: ["db-1"] }]);
    const status = await resultOf<AgentStatus>(call("status", []));
    expect(status.databases[0]?.title).toBe("Campaign links");
  });

  it("keeps the host's provider key to itself: host-default is resolved on the host", async () => {
    const info = await resultOf<HostInfo>(call("hostInfo", []));
    expect(JSON.stringify(info)).not.toContain("sk_secret_provider_key");
    expect(info.defaultProvider).toEqual({ baseUrl: "http://127.0.0.1:9/" });
    await call("attachDatabase", [
      {
        connectionId: "conn-1",
        dataSourceId: "ds-9",
        createMissingColumns: true,
        provider: { kind: "host-default" },
      },
    ]);
    expect(agent.calls.at(-1)?.args[0]).toMatchObject({
      provider: { apiKey: "sk_secret_provider_key" },
      pollIntervalMs: 300_000,
      qrImages: "auto",
    });
  });

  it("serves only the built renderer's files, whatever the path says", async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const outgoing = request(`${origin}/%2e%2e/%2e%2e/package.json?session=${token}`, (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      outgoing.on("error", reject);
      outgoing.end();
    });
    expect(status).toBe(404);
  });

  it("answers 400 with a sentence, not 500, to a path whose percent-encoding does not decode", async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      for (const path of [`/%E0%A4%A?session=${token}`, `/api/call/%ZZstatus?session=${token}`]) {
        const response = await fetch(`${origin}${path}`, {
          method: path.startsWith("/api/") ? "POST" : "GET",
          headers: { "x-linksync-session": token, "content-type": "application/json" },
          ...(path.startsWith("/api/") ? { body: JSON.stringify({ args: [] }) } : {}),
        });
        expect(response.status).toBe(400);
        const body = await response.text();
        expect(JSON.parse(body)).toMatchObject({ ok: false, error: { code: "bad_request" } });
        expect(body).not.toMatch(/at \S+ \(|URIError/);
      }
    } finally {
      console.error = original;
    }
    expect(errors).toEqual([]);
    expect(agent.calls).toEqual([]);
  });

  it("refuses launch at login in a browser, with a sentence, and keeps valid settings", async () => {
    const refused = await (await call("updateSettings", [{ launchAtLogin: true }])).json();
    expect(refused).toMatchObject({ ok: false, error: { code: "unsupported" } });
    const saved = await resultOf<{ pollIntervalMinutes: number }>(
      call("updateSettings", [{ pollIntervalMinutes: 15 }]),
    );
    expect(saved.pollIntervalMinutes).toBe(15);
    expect((await resultOf<{ pollIntervalMinutes: number }>(call("settings", []))).pollIntervalMinutes).toBe(
      15,
    );
  });

  it("refuses methods outside the contract, such as the agent's stop()", async () => {
    const response = await call("stop", []);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: "unknown_method" } });
  });

  it("passes the agent's error code and sentence through", async () => {
    const response = await call("inspectDatabase", ["conn-1", "ds-1"]);
    expect(await response.json()).toEqual({
      ok: false,
      error: { code: "object_not_found", message: "Share the database with the integration first." },
    });
  });

  it("streams engine events to the browser as server-sent events", async () => {
    const controller = new AbortController();
    const response = await fetch(`${origin}/api/events?session=${token}`, { signal: controller.signal });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    agent.raiseConflict(conflictEvent(7));
    let text = "";
    while (!text.includes("\n\n")) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const event = JSON.parse(text.replace(/^data: /, "").trim());
    expect(event).toMatchObject({
      type: "conflict",
      payload: { conflictId: "conflict-7", title: "Spring launch 7" },
    });
  });

  it("lists the agent's audit log newest first, rotated files included, filters it, and exports it as CSV", async () => {
    // Small enough that the conflict below starts a new file: the three writes are read from the rotated one.
    const log = await AuditLog.open(join(dataDir, AUDIT_FILE_NAME), { maxFileBytes: 600 });
    await log.append(...backfillWrites(3));
    await log.append({
      kind: "conflict",
      at: "2026-01-01T00:01:00.000Z",
      connectionId: "conn-1",
      databaseId: "db-1",
      pageId: "page-1",
      title: "Row 1",
      conflictId: "c-1",
      column: "Destination",
      kept: "https://a.example",
      dropped: "https://b.example",
      droppedSource: "zapier",
    });
    await log.close();
    expect(existsSync(join(dataDir, "audit.1.jsonl"))).toBe(true);
    const all = await resultOf<ActivityPage>(call("activity", [{}]));
    expect(all.total).toBe(4);
    expect(all.entries[0]).toMatchObject({
      kind: "conflict",
      title: "Row 1",
      detail: "Destination: Notion's https://a.example kept; https://b.example from Zapier dropped",
    });
    expect(all.entries[3]).toMatchObject({
      kind: "write",
      detail: "Short URL set to http://go.example/0 · Backfill",
    });
    expect((await resultOf<ActivityPage>(call("activity", [{ text: "row 2" }]))).total).toBe(1);
    const csv = await resultOf<string>(call("activityCsv", [{ kind: "write" }]));
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("at,kind,connection,database,page,title,column,old,new,reason,source,detail");
    expect(lines).toHaveLength(4);
  });
});
