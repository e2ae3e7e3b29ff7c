/**
 * An agent in its own process, for crash tests: it attaches the database on first start (restarts find it in the
 * data directory), runs one sync and exits. The parent kills it with SIGKILL at random points.
 */
import { createAgent } from "@linksync/core";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`agent-process needs ${name}.`);
  return value;
};

const agent = createAgent({
  dataDir: env("LINKSYNC_DATA_DIR"),
  secretKey: Buffer.from(env("LINKSYNC_SECRET_KEY"), "hex"),
  rowsInFlight: 4,
});
let summaries = await agent.syncNow();
if (summaries.length === 0) {
  const connection = await agent.addConnection({
    auth: { kind: "internal", token: env("NOTION_TOKEN") },
    notionBaseUrl: env("NOTION_BASE_URL"),
    requestsPerSecond: 40,
  });
  await agent.attachDatabase({
    connectionId: connection.id,
    dataSourceId: env("DATA_SOURCE_ID"),
    createMissingColumns: true,
    provider: { kind: "linksync-shortener", baseUrl: env("SHORTENER_URL"), apiKey: env("SHORTENER_API_KEY") },
  });
  summaries = await agent.syncNow();
}
process.stdout.write(`${JSON.stringify(summaries)}\n`);
await agent.stop();
