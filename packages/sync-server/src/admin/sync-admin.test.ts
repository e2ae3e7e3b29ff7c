import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { migrate } from "@linksync/shortener/database";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionAccounts } from "../accounts/connection-accounts";
import { openTestSql } from "../testing/test-sql";
import { PendingRows } from "../worker/pending-rows";
import { connectServerWorkspace } from "../worker/server-attach";
import { serverSecretNames } from "../worker/server-databases";
import { openServerPorts } from "../worker/server-ports";
import { runSyncAdminCommand } from "./sync-admin";

const bin = fileURLToPath(new URL("../../../shortener/bin/linksync-server.mjs", import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A server with two connections: one with a synced and a never-synced database, one with none. */
async function server() {
  const db = await openTestSql("postgres");
  cleanups.push(() => db.drop());
  const serverSecret = randomBytes(32).toString("base64");
  const ports = await openServerPorts(db.sql, { serverSecret, onError: (error) => console.error(error) });
  for (const id of ["conn-1", "conn-2"]) {
    await connectServerWorkspace(ports, {
      id,
      accountId: id === "conn-1" ? "acme" : "globex",
      workspaceId: `ws-${id}`,
      workspaceName: id === "conn-1" ? "Acme" : "Globex",
      token: `secret_${randomBytes(16).toString("hex")}`,
      providerBaseUrl: "http://127.0.0.1:1",
      providerApiKey: "key",
    });
  }
  for (const [id, dataSourceId] of [
    ["db-1", "ds-1"],
    ["db-2", "ds-2"],
  ] as const) {
    await ports.databases.put({
      id,
      connectionId: "conn-1",
      dataSourceId,
      title: `Campaign ${id}`,
      columnIds: {} as never,
      qrImages: "link",
    });
  }
  await ports.store.updateDatabase(
    { connectionId: "conn-1", dataSourceId: "ds-1" },
    { title: "Spring Campaign", lastSyncAt: "2026-12-03T10:00:00.000Z" },
  );
  await new PendingRows(db.sql).add("db-1", ["page-1", "page-2"]);
  await ports.vault.set(
    serverSecretNames.notionWebhookCandidates("conn-1"),
    JSON.stringify(["secret_handshake"]),
  );
  return { db, ports, serverSecret };
}

async function run(
  args: string[],
  sql: Awaited<ReturnType<typeof server>>["db"]["sql"],
  serverSecret: string,
) {
  const lines: string[] = [];
  const code = await runSyncAdminCommand({
    sql,
    env: { LINKSYNC_SHORTENER_SECRETS_KEY: serverSecret },
    args,
    log: (line) => lines.push(line),
  });
  return { code, text: lines.join("\n") };
}

describe("linksync-server sync (admin)", () => {
  it("lists every connection and database with its last run, state, writes and webhook rows waiting", async () => {
    const { db, serverSecret } = await server();
    const { code, text } = await run(["list"], db.sql, serverSecret);
    expect(code).toBe(0);
    const lines = text.split("\n");
    expect(lines[0]).toContain("last run");
    expect(lines).toContainEqual(
      "conn-1 (Acme)\tacme\tconnected\tawaiting confirmation\tdb-1\tSpring Campaign\t2026-12-03T10:00:00.000Z\tok\t0\t2",
    );
    expect(lines).toContainEqual(
      "conn-1 (Acme)\tacme\tconnected\tawaiting confirmation\tdb-2\tCampaign db-2\tnever\tnever synced\t0\t0",
    );
    expect(lines).toContainEqual("conn-2 (Globex)\tglobex\tconnected\tnone\t-\t-\tnever\tno databases\t0\t0");
    expect(text).not.toContain("secret_");
  });

  it("shows the handshake's token to paste into Notion, and says when the subscription is verified", async () => {
    const { db, ports, serverSecret } = await server();
    expect(await run(["webhook-token", "conn-1"], db.sql, serverSecret)).toMatchObject({
      code: 0,
      text: expect.stringContaining("secret_handshake"),
    });
    expect((await run(["webhook-token", "conn-2"], db.sql, serverSecret)).code).toBe(1);
    expect((await run(["webhook-token", "nobody"], db.sql, serverSecret)).code).toBe(1);
    await ports.vault.set(serverSecretNames.notionWebhook("conn-1"), "secret_handshake");
    expect((await run(["webhook-token", "conn-1"], db.sql, serverSecret)).text).toContain("is verified");
  });

  it("ties a connection to a server account (sync own), refusing unknown accounts and connections", async () => {
    const { db, serverSecret } = await server();
    await migrate(db.sql);
    await db.sql.query("INSERT INTO accounts (id, name) VALUES ('initech', 'Initech')");
    expect((await run(["own", "conn-1", "nobody"], db.sql, serverSecret)).code).toBe(1);
    expect((await run(["own", "conn-9", "initech"], db.sql, serverSecret)).code).toBe(1);
    expect(await run(["own", "conn-1", "initech"], db.sql, serverSecret)).toMatchObject({ code: 0 });
    expect(await new ConnectionAccounts(db.sql).accountOf("conn-1")).toBe("initech");
    expect((await run(["list"], db.sql, serverSecret)).text).toContain("conn-1 (Acme)\tinitech\t");
  });

  it("is wired into the linksync-server command", async () => {
    const { db, serverSecret } = await server();
    const child = spawn(process.execPath, [bin, "sync", "list"], {
      env: {
        ...process.env,
        DATABASE_URL: db.postgres!.databaseUrl,
        LINKSYNC_DATABASE_SCHEMA: db.postgres!.databaseSchema,
        LINKSYNC_SHORTENER_SECRETS_KEY: serverSecret,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(output).toContain("db-1\tSpring Campaign");
    expect(code).toBe(0);
  }, 30_000);
});
