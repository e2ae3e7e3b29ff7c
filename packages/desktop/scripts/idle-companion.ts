// Child process of the benchmark: the headless companion alone (agent + UI server), so its CPU and memory are its
// own. "backfill" connects the databases and waits for their links; "idle" starts again on that data directory, as
// after a restart, waits for the first cycle, then sits idle and reports what it used.
import { join } from "node:path";
import { type Agent, createAgent, KEY_FILE_NAME, loadOrCreateKeyFile } from "@linksync/core";
import { startHeadlessUi } from "../src/headless/headless-server";

export interface IdleConfig {
  readonly mode: "backfill" | "idle";
  readonly dataDir: string;
  readonly notionBaseUrl: string;
  readonly databases: readonly { readonly token: string; readonly dataSourceId: string }[];
  readonly shortener: { readonly baseUrl: string; readonly apiKey: string };
  readonly requestsPerSecond: number;
  readonly idleMs: number;
}

const config = JSON.parse(process.env.LINKSYNC_IDLE_CONFIG ?? "{}") as IdleConfig;
const agent = createAgent({
  dataDir: config.dataDir,
  secretKey: await loadOrCreateKeyFile(join(config.dataDir, KEY_FILE_NAME)),
});
await agent.start();
const startedAt = Date.now();
if (config.mode === "backfill") {
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
  await allSynced(agent);
  report({ backfillSeconds: (Date.now() - startedAt) / 1000, rows: linked(agent) });
} else {
  const ui = await startHeadlessUi({ agent, dataDir: config.dataDir, port: 0 });
  await allSynced(agent);
  global.gc?.();
  const cpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, config.idleMs));
  const cpu = process.cpuUsage(cpuBefore);
  const wallMicros = Number((process.hrtime.bigint() - wallBefore) / 1000n);
  const memory = process.memoryUsage();
  report({
    rows: linked(agent),
    databases: agent.status().databases.length,
    idleCpuPercent: ((cpu.user + cpu.system) / wallMicros) * 100,
    rssMb: memory.rss / 1024 / 1024,
    heapUsedMb: memory.heapUsed / 1024 / 1024,
  });
  await ui.close();
}
await agent.stop();

async function allSynced(running: Agent): Promise<void> {
  while (running.status().databases.some((database) => database.state.kind !== "synced")) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function linked(running: Agent): number {
  return running.status().databases.reduce((sum, database) => sum + database.linked, 0);
}

function report(figures: Record<string, number>): void {
  console.log(JSON.stringify(figures));
}
