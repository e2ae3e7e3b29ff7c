import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox } from "@linksync/notion-sandbox";
import { startShortener } from "@linksync/shortener";
import type { SqlClient } from "@linksync/shortener/database";
import { connectServerWorkspace, openServerPorts, syncApi } from "@linksync/sync-server";
import { afterAll, describe, expect, it } from "vitest";
import type { SyncEnvironment } from "../config/environment";
import type { Output } from "../terminal/output";
import { runSync } from "./sync";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function capture(): Output & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    line: (t) => lines.push(t),
    heading: (t) => lines.push(t),
    progress: () => {},
    endProgress: () => {},
  };
}

describe("linksync sync --run-here-too", () => {
  it("refuses a database the Linksync Server runs for the account, naming the server and the flag; the flag syncs it", async () => {
    const sandbox = await startSandbox({ rateLimit: false });
    cleanups.push(() => sandbox.close());
    const seed = await sandbox.control.seedCampaign({ rows: 4 });
    let serverSql: SqlClient | undefined;
    const api = syncApi();
    const server = await startShortener({
      apiKey: `key-${randomBytes(8).toString("hex")}`,
      apiExtensions: [
        {
          start: (sql) => {
            serverSql = sql;
            return api.start(sql);
          },
        },
      ],
    });
    cleanups.push(() => server.close());
    // The server's workers run this data source for the primary account (as `connectServerWorkspace` and an
    // attach leave it); no worker needs to run for the laptop to be told.
    const ports = await openServerPorts(serverSql!, {
      serverSecret: randomBytes(32).toString("base64"),
      onError: (error) => console.error(error),
    });
    await connectServerWorkspace(ports, {
      id: "conn-1",
      accountId: "primary",
      workspaceId: "ws-1",
      workspaceName: "Acme",
      token: seed.token,
      providerBaseUrl: server.url,
      providerApiKey: server.apiKey,
    });
    await ports.databases.put({
      id: "db-1",
      connectionId: "conn-1",
      dataSourceId: seed.dataSourceId,
      title: "Spring Campaign",
      columnIds: {} as never,
      qrImages: "link",
    });
    const dataDir = await mkdtemp(join(tmpdir(), "linksync-cli-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env: SyncEnvironment = {
      notionToken: seed.token,
      notionBaseUrl: sandbox.baseUrl,
      shortenerUrl: server.url,
      shortenerKey: server.apiKey,
    };
    const options = {
      database: seed.databaseId,
      once: true,
      createColumns: true,
      dataDir,
      requestsPerSecond: 100,
      webhooks: null,
    };

    await expect(runSync(options, env, capture())).rejects.toThrow(
      new RegExp(`The Linksync Server at ${server.url} already syncs "Spring Campaign".*--run-here-too`),
    );
    const here = capture();
    expect(await runSync({ ...options, runHereToo: true }, env, here)).toBe(0);
    expect(here.lines.join("\n")).toContain('Syncing "Spring Campaign"');
  });
});
