import { request } from "node:http";
import type { AgentStatus } from "@linksync/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ActivityPage, HostInfo } from "../shared/contract";
import { conflictEvent, database, ScriptedAgent } from "../testing/scripted-agent";
import { type HeadlessUi, startHeadlessUi } from "./headless-server";

let agent: ScriptedAgent;
let ui: HeadlessUi;
let token: string;
let origin: string;

beforeEach(async () => {
  agent = new ScriptedAgent();
  agent.databases = [database("db-1", "Campaign links")];
  ui = await startHeadlessUi({
    agent,
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
async function valueOf<T>(response: Promise<Response>): Promise<T> {
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
    const status = await valueOf<AgentStatus>(call("status", []));
    expect(status.databases[0]?.title).toBe("Campaign links");
  });

  it("keeps the host's provider key to itself: host-default is resolved on the host", async () => {
    const info = await valueOf<HostInfo>(call("hostInfo", []));
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
    });
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

  it("records events in the activity journal and exports them as CSV", async () => {
    agent.raiseConflict(conflictEvent(1));
    agent.events.emit("sync.resumed", { databaseId: "db-1", at: "2026-01-01T00:00:00.000Z" });
    const page = await valueOf<ActivityPage>(call("activity", [{ kind: "conflict" }]));
    expect(page.total).toBe(1);
    const csv = await valueOf<string>(call("activityCsv", [{}]));
    expect(csv.split("\r\n")[0]).toBe("time,kind,database,title,detail");
    expect(csv).toContain("conflict,db-1,Spring launch 1,");
  });
});
