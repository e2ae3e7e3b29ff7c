// Child process of the benchmark: the headless companion alone (agent + UI server), so its CPU and memory are its
// own. Connects the databases it is given, waits for their backfills, then sits idle and reports what it used.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAgent, KEY_FILE_NAME, loadOrCreateKeyFile } from "@linksync/core";
import { startHeadlessUi } from "../src/headless/headless-server";

interface IdleConfig {
  readonly notionBaseUrl: string;
  readonly databases: readonly { readonly token: string; readonly dataSourceId: string }[];
  readonly shortener: { readonly baseUrl: string; readonly apiKey: string };
  readonly requestsPerSecond: number;
  readonly idleMs: number;
}

const config = JSON.parse(process.env.LINKSYNC_IDLE_CONFIG ?? "{}") as IdleConfig;
const dataDir = mkdtempSync(join(tmpdir(), "linksync-idle-"));
const agent = createAgent({ dataDir, secretKey: await loadOrCreateKeyFile(join(dataDir, KEY_FILE_NAME)) });
await agent.start();
const startedAt = Date.now();
for (const database of config.databases) {
  const connection = await agent.addConnection({
    auth: { kind: "internal", token: database.token },
    notionBaseUrl: config.notionBaseUrl,
    requestsPerSecond: config.requestsPerSecond,
  });
  await agent.attachDatabase({
    connectionId: connection.id,
    dataSourceId: database.dataSourceId,
    createMissingColumns: true,
    provider: { kind: "linksync-shortener", ...config.shortener },
  });
}
const ui = await startHeadlessUi({ agent, dataDir, port: 0 });
while (agent.status().databases.some((database) => database.state.kind !== "synced")) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
const backfillSeconds = (Date.now() - startedAt) / 1000;
const rows = agent.status().databases.reduce((sum, database) => sum + database.linked, 0);
global.gc?.();
const cpuBefore = process.cpuUsage();
const wallBefore = process.hrtime.bigint();
await new Promise((resolve) => setTimeout(resolve, config.idleMs));
const cpu = process.cpuUsage(cpuBefore);
const wallMicros = Number((process.hrtime.bigint() - wallBefore) / 1000n);
const memory = process.memoryUsage();
console.log(
  JSON.stringify({
    backfillSeconds,
    rows,
    idleCpuPercent: ((cpu.user + cpu.system) / wallMicros) * 100,
    rssMb: memory.rss / 1024 / 1024,
    heapUsedMb: memory.heapUsed / 1024 / 1024,
  }),
);
await ui.close();
await agent.stop();
