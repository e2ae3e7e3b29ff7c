// One worker process for the shared-budget test: `count` Notion requests on one token through core's gateway, with the
// connection's budget in PostgreSQL (`shared`) or only its own (`local`). Prints one JSON line when done.
import { createNotionGateway } from "@linksync/core";
import { PgClient } from "@linksync/shortener/database";
import { SqlSharedBudget } from "./sql-shared-budget";

const [databaseUrl, schema, baseUrl, token, count, mode, rate] = process.argv.slice(2);
const ratePerSecond = Number(rate);
const sql = new PgClient({
  connectionString: databaseUrl!,
  schema: schema!,
  onError: (e) => console.error(e),
});
const sharedBudget =
  mode === "shared"
    ? new SqlSharedBudget(sql, {
        connectionId: "conn-1",
        settings: { ratePerSecond, burst: 1 },
        onError: (e) => console.error(e),
      })
    : undefined;
const gateway = createNotionGateway({
  auth: token!,
  baseUrl: baseUrl!,
  scheduler: { ratePerSecond, burst: 1, backoff: { initialMs: 50 }, ...(sharedBudget && { sharedBudget }) },
});
const started = Date.now();
const results = await Promise.allSettled(
  Array.from({ length: Number(count) }, () => gateway.me({ priority: "sync" })),
);
console.log(
  JSON.stringify({
    ok: results.filter((r) => r.status === "fulfilled").length,
    throttled: gateway.scheduler.stats().throttledResponses,
    ms: Date.now() - started,
  }),
);
await sql.close();
