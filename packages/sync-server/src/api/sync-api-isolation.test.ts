import { randomBytes } from "node:crypto";
import { type ConflictRecord, type ServerDatabaseView, ServerSyncClient } from "@linksync/core";
import { sampleWrite } from "@linksync/core/contracts";
import type { ConflictEvent } from "@linksync/core/ports";
import { exampleConflictReport } from "@linksync/link-contract";
import { type RunningShortener, startShortener } from "@linksync/shortener";
import type { SqlClient } from "@linksync/shortener/database";
import { createTestSchema, TEST_ENGINES } from "@linksync/shortener/testing";
import { afterAll, describe, expect, it } from "vitest";
import { connectServerWorkspace } from "../worker/server-attach";
import { openServerPorts } from "../worker/server-ports";
import { syncApi, syncApiRoutes } from "./sync-api";

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.splice(0)) await step();
});

/** Every sync API route; the test fails if a route is added without being tried as the other account. */
const ROUTES = syncApiRoutes({ sync: null as never, queueRun: null as never, control: null }).map(
  (route) => `${route.method} ${route.path}`,
);

const conflictOn = (databaseId: string, conflictId: string): ConflictEvent => ({
  ...exampleConflictReport({ conflictId, databaseId }),
  droppedSource: "zapier",
});

/**
 * A Linksync Server (link service + sync API) on `engine`, with account A (`primary`) and B (`globex`), each with a
 * connection and a server-run database holding state, an outbox entry, an audit entry, a conflict and a row a
 * webhook named; the sync tables are written through the server's own ports, as workers write them.
 */
async function twoAccounts(engine: (typeof TEST_ENGINES)[number]) {
  const keyB = `key-b-${randomBytes(12).toString("hex")}`;
  const database = engine === "postgres" ? await createTestSchema() : null;
  if (database) cleanup.push(database.drop);
  let serverSql: SqlClient | undefined;
  const api = syncApi({ serverSecret: randomBytes(32).toString("base64") });
  const service: RunningShortener = await startShortener({
    apiKey: `key-a-${randomBytes(12).toString("hex")}`,
    accounts: [{ id: "globex", name: "Globex", apiKey: keyB }],
    ...(database && { databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema }),
    apiExtensions: [
      {
        start: (sql) => {
          serverSql = sql;
          return api.start(sql);
        },
      },
    ],
  });
  cleanup.unshift(() => service.close());
  const ports = await openServerPorts(serverSql!, {
    serverSecret: randomBytes(32).toString("base64"),
    onError: (error) => console.error(error),
  });
  for (const [account, suffix] of [
    ["primary", "a"],
    ["globex", "b"],
  ] as const) {
    await connectServerWorkspace(ports, {
      id: `conn-${suffix}`,
      accountId: account,
      workspaceId: `ws-${suffix}`,
      workspaceName: `Workspace ${suffix.toUpperCase()}`,
      token: `secret_${randomBytes(8).toString("hex")}`,
      providerBaseUrl: service.url,
      providerApiKey: "key",
    });
    const key = { connectionId: `conn-${suffix}`, dataSourceId: `ds-${suffix}` };
    await ports.databases.put({
      id: `db-${suffix}`,
      ...key,
      title: `Campaign ${suffix}`,
      columnIds: {} as never,
      qrImages: "link",
    });
    await ports.store.updateDatabase(key, {
      title: `Campaign ${suffix.toUpperCase()}`,
      lastSyncAt: "2026-12-03T10:00:00.000Z",
    });
    await ports.inbox.add(conflictOn(`db-${suffix}`, `c_${suffix}00000000000`));
    await ports.audit.append(
      sampleWrite({
        at: "2026-12-03T10:00:00.000Z",
        connectionId: key.connectionId,
        databaseId: `db-${suffix}`,
        pageId: `page-${suffix}`,
      }),
    );
  }
  return {
    asA: new ServerSyncClient({ baseUrl: service.url, apiKey: service.apiKey }),
    asB: new ServerSyncClient({ baseUrl: service.url, apiKey: keyB }),
    service,
    keyB,
  };
}

describe.each(TEST_ENGINES)("the sync API: accounts are walls (%s)", (engine) => {
  it("runs every sync route as account B against account A's resources and gets nothing of A's", async () => {
    const { asA, asB, service, keyB } = await twoAccounts(engine);
    const tried = new Set<string>();
    const asBRaw = async (method: string, path: string, route: string, body?: unknown) => {
      tried.add(`${method} ${route}`);
      const response = await fetch(`${service.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${keyB}`, "Content-Type": "application/json" },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>,
      };
    };

    // A sees its own.
    const mine: readonly ServerDatabaseView[] = await asA.databases();
    expect(mine.map((d) => d.id)).toEqual(["db-a"]);
    expect(mine[0]).toMatchObject({
      runBy: "server",
      title: "Campaign A",
      workspaceName: "Workspace A",
      state: { kind: "synced" },
      unreadConflicts: 1,
    });
    expect((await asA.conflicts()).map((c: ConflictRecord) => c.conflictId)).toEqual(["c_a00000000000"]);
    expect(await asA.audit("db-a")).toHaveLength(1);
    expect((await asA.whoRuns("ds-a")).runBy).toBe("server");

    // B, everywhere.
    const list = await asBRaw("GET", "/api/sync/databases", "/api/sync/databases");
    expect((list.body.databases as ServerDatabaseView[]).map((d) => d.id)).toEqual(["db-b"]);
    expect((await asBRaw("GET", "/api/sync/databases/db-a", "/api/sync/databases/:id")).status).toBe(404);
    const syncNow = await asBRaw("POST", "/api/sync/databases/db-a/sync", "/api/sync/databases/:id/sync");
    expect(syncNow.status).toBe(404);
    const audit = await asBRaw("GET", "/api/sync/databases/db-a/audit", "/api/sync/databases/:id/audit");
    expect(audit.status).toBe(404);
    const conflicts = await asBRaw("GET", "/api/sync/conflicts", "/api/sync/conflicts");
    expect((conflicts.body.conflicts as ConflictRecord[]).map((c) => c.conflictId)).toEqual([
      "c_b00000000000",
    ]);
    expect((await asBRaw("GET", "/api/sync/conflicts?database=db-a", "/api/sync/conflicts")).status).toBe(
      404,
    );
    const acknowledge = await asBRaw(
      "POST",
      "/api/sync/conflicts/c_a00000000000/acknowledge",
      "/api/sync/conflicts/:id/acknowledge",
    );
    expect(acknowledge.status).toBe(404);
    const who = await asBRaw("GET", "/api/sync/data-sources/ds-a", "/api/sync/data-sources/:id");
    expect(who.body).toEqual({ dataSourceId: "ds-a", runBy: null, databases: [] });
    const attach = await asBRaw("POST", "/api/sync/databases", "/api/sync/databases", {
      connectionId: "conn-a",
      dataSourceId: "ds-a",
      createMissingColumns: true,
    });
    expect(attach.status).toBe(404);
    const handBack = await asBRaw("DELETE", "/api/sync/databases/db-a", "/api/sync/databases/:id");
    expect(handBack.status).toBe(404);
    // B connects its own workspace (the token is sealed, never answered).
    const connect = await asBRaw("POST", "/api/sync/connections", "/api/sync/connections", {
      notionToken: `secret_${randomBytes(8).toString("hex")}`,
      workspaceName: "Globex HQ",
      providerBaseUrl: service.url,
    });
    expect(connect.status).toBe(201);
    expect(JSON.stringify(connect.body)).not.toContain("secret_");

    // A's are untouched, and A's own controls work.
    expect((await asA.conflicts())[0]?.acknowledged).toBe(false);
    await asA.acknowledgeConflict("c_a00000000000");
    expect((await asA.conflicts())[0]?.acknowledged).toBe(true);
    expect((await asA.database("db-a")).unreadConflicts).toBe(0);
    expect(await asA.syncNow("db-a")).toEqual({ databaseId: "db-a", queued: true });
    expect(await asA.syncNow("db-a")).toEqual({ databaseId: "db-a", queued: false });
    expect((await asB.database("db-b")).unreadConflicts).toBe(1);
    expect((await asA.whoRuns("ds-a")).runBy).toBe("server");

    expect([...tried].sort()).toEqual([...new Set(ROUTES)].sort());
  });

  it("answers without a key, or with a wrong one, 401 like every /api route", async () => {
    const { service } = await twoAccounts(engine);
    const response = await fetch(`${service.url}/api/sync/databases`, {
      headers: { Authorization: "Bearer nope" },
    });
    expect(response.status).toBe(401);
    await expect(
      new ServerSyncClient({ baseUrl: service.url, apiKey: "nope" }).databases(),
    ).rejects.toMatchObject({ code: "unauthorized" });
  });
});
