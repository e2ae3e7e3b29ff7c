// `linksync-server`: serve, migrate, and manage accounts and keys. Secrets come from the environment, never flags,
// so they never show in `ps`.
import { parseArgs } from "node:util";
import { Accounts } from "./accounts/accounts";
import { DatabaseUrlError, redactDatabaseUrl } from "./database/database-url";
import { migrate } from "./database/migrate";
import { openDatabase } from "./database/open-database";
import type { SqlClient } from "./database/sql-client";
import { startShortener } from "./index";
import { createServerLogger } from "./ops/logger";
import { describeLinkPreviewSettings, integrationOptionsFromEnv } from "./server/integration-env";

const USAGE = `Usage:
  linksync-server [serve] [--port 8787] [--host 127.0.0.1] [--base-url https://go.acme.com]
                  [--public-url https://links.acme.com] [--data-dir ./linksync-data]
  linksync-server migrate                      apply the database migrations and exit
  linksync-server worker                       run database syncs (any number of workers, one database);
                                               LINKSYNC_NOTION_WEBHOOK_PORT takes Notion's webhooks in
                                               LINKSYNC_WORKER_OPS_PORT serves /health, /ready, /metrics
  linksync-server sync list                    synced connections and databases: account, last run, state, writes waiting
  linksync-server sync own <conn> <account>    ties a connection (and everything it syncs) to a server account
  linksync-server sync webhook-token <conn>    the token Notion's handshake sent, to paste into Notion's dashboard
  linksync-server accounts add <id> [--name "Acme"]
  linksync-server keys issue <account-id>      prints a new API key once (only its hash is stored)
  linksync-server keys revoke <key-id>
  linksync-server keys list
Environment: DATABASE_URL (PostgreSQL, unless --data-dir/--data-file names an embedded one), LINKSYNC_DATABASE_SCHEMA
(tables in that schema instead of public), LINKSYNC_TRUST_PROXY=1 (behind nginx), LINKSYNC_SHORTENER_API_KEY
(the primary account's key, required to serve), LINKSYNC_SHORTENER_SECRETS_KEY; LINKSYNC_SYNC_API=off (no /api/sync/:
the server-run databases' API, on by default); LINKSYNC_NOTION_CLIENT_ID/_SECRET
(OAuth broker); LINKSYNC_PREVIEWS_CLIENT_ID/_SECRET with LINKSYNC_PREVIEWS_NOTION_CLIENT_ID/_SECRET (Link Previews).`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string", default: "8787" },
    host: { type: "string" },
    "base-url": { type: "string" },
    "public-url": { type: "string" },
    "data-dir": { type: "string" },
    /** The JSON-file era's flag: the embedded database goes in `<file without .json>.db/`. */
    "data-file": { type: "string" },
    name: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

/** An explicit embedded directory wins over DATABASE_URL in the environment. */
const embeddedDir =
  values["data-dir"] ??
  (values["data-file"] === undefined ? undefined : `${values["data-file"].replace(/\.json$/i, "")}.db`);
const databaseUrl =
  embeddedDir === undefined ? (process.env.DATABASE_URL ?? "").trim() || undefined : undefined;
/** Tables in this schema instead of `public`. */
const databaseSchema = (process.env.LINKSYNC_DATABASE_SCHEMA ?? "").trim() || undefined;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

async function withDatabase(work: (sql: SqlClient) => Promise<void>): Promise<void> {
  const sql = await openDatabase({
    ...(databaseUrl !== undefined && { databaseUrl }),
    ...(databaseSchema !== undefined && { schema: databaseSchema }),
    ...(embeddedDir !== undefined && { dataDir: embeddedDir }),
    onError: (error) => console.error("linksync-server: database connection failed:", error),
  });
  try {
    await migrate(sql);
    await work(sql);
  } finally {
    await sql.close();
  }
}

async function serve(): Promise<void> {
  const apiKey = process.env.LINKSYNC_SHORTENER_API_KEY ?? "";
  if (apiKey === "") fail(`LINKSYNC_SHORTENER_API_KEY is not set.\n${USAGE}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port "${values.port}" is not a port number.`);
  if (databaseUrl === undefined && embeddedDir === undefined) {
    console.error("No DATABASE_URL and no --data-dir: links are kept in memory only.");
  }
  const shortener = await startShortener({
    apiExtensions: await syncApiExtensions(),
    apiKey,
    port,
    ...(databaseUrl !== undefined && { databaseUrl }),
    ...(databaseSchema !== undefined && { databaseSchema }),
    ...(values.host !== undefined && { host: values.host }),
    ...(values["base-url"] !== undefined && { brandedBaseUrl: values["base-url"] }),
    ...(embeddedDir !== undefined && { dataDir: embeddedDir }),
    ...(values["public-url"] !== undefined && { publicUrl: values["public-url"] }),
    trustProxy: process.env.LINKSYNC_TRUST_PROXY === "1",
    logger: createServerLogger("info"),
    ...integrationOptionsFromEnv(process.env),
  });
  console.log(
    `Linksync shortener listening on ${shortener.url}; short links look like ${shortener.brandedBaseUrl}/…`,
  );
  console.log(
    databaseUrl !== undefined
      ? `Database: ${redactDatabaseUrl(databaseUrl)}`
      : `Embedded database: ${embeddedDir ?? "in memory"}`,
  );
  if (shortener.linkPreviewSettings) console.log(describeLinkPreviewSettings(shortener.linkPreviewSettings));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      shortener.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error("shortener: could not close cleanly:", error);
          process.exit(1);
        },
      );
    });
  }
}

/**
 * The account-scoped sync API (`/api/sync/…`: the desktop's view of server-run databases, the agent's "who runs this
 * data source?"), loaded from @linksync/sync-server unless LINKSYNC_SYNC_API=off (a link service without workers).
 */
async function syncApiExtensions() {
  if (process.env.LINKSYNC_SYNC_API === "off") return [];
  const { syncApi, syncApiOptionsFrom } = await import("@linksync/sync-server");
  return [syncApi(syncApiOptionsFrom(process.env))];
}

/**
 * The sync engine lives in @linksync/sync-server (built on @linksync/core); the bin loads it for this command, `sync`
 * and the sync API, so the link service itself still imports nothing of the engine (docs/server-sync.md).
 */
async function worker(): Promise<void> {
  const { runWorkerCommand } = await import("@linksync/sync-server");
  await withDatabase((sql) => runWorkerCommand({ sql, env: process.env, log: (line) => console.log(line) }));
}

/** `sync …`: the workers' databases for an operator (docs/server-sync.md); loads the engine only for it. */
async function syncAdmin(args: readonly string[]): Promise<void> {
  const { runSyncAdminCommand } = await import("@linksync/sync-server");
  await withDatabase(async (sql) => {
    process.exitCode = await runSyncAdminCommand({
      sql,
      env: process.env,
      args,
      log: (line) => console.log(line),
    });
  });
}

async function admin(command: string, args: readonly string[]): Promise<void> {
  await withDatabase(async (sql) => {
    const accounts = Accounts.of(sql);
    switch (`${command} ${args[0] ?? ""}`.trim()) {
      case "migrate":
        console.log("Migrations applied; the schema is current.");
        return;
      case "accounts add": {
        const id = args[1] ?? fail(`accounts add needs an account id.\n${USAGE}`);
        const account = await accounts.create(id, values.name ?? id);
        console.log(
          `Account ${account.id} ("${account.name}") created; issue it a key with: keys issue ${id}`,
        );
        return;
      }
      case "keys issue": {
        const issued = await accounts.issueKey(args[1] ?? fail(`keys issue needs an account id.\n${USAGE}`));
        console.log(`Key ${issued.id} for ${issued.accountId} (shown once, store it now):\n${issued.apiKey}`);
        return;
      }
      case "keys revoke": {
        const id = args[1] ?? fail(`keys revoke needs a key id (see keys list).\n${USAGE}`);
        const revoked = await accounts.revokeKey(id);
        console.log(revoked ? `Key ${id} revoked.` : `No active key ${id}.`);
        if (!revoked) process.exitCode = 1;
        return;
      }
      case "keys list":
        for (const key of await accounts.listKeys()) {
          const state = key.revokedAt === null ? "active" : `revoked ${key.revokedAt}`;
          console.log(
            `${key.id}\t${key.accountId}\t${key.prefix}\t${key.configured ? "configured" : "issued"}\t${state}`,
          );
        }
        return;
      default:
        fail(USAGE);
    }
  });
}

const [command = "serve", ...rest] = positionals;
try {
  if (values.help) fail(USAGE, 0);
  if (command === "serve") await serve();
  else if (command === "worker") await worker();
  else if (command === "sync") await syncAdmin(rest);
  else await admin(command, rest);
} catch (error) {
  if (error instanceof DatabaseUrlError) fail(error.message);
  throw error;
}
