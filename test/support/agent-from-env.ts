/**
 * An agent configured from its environment, for the tests' and the chaos benchmark's agent processes (one set-up
 * for both): `LINKSYNC_DATA_DIR` and `LINKSYNC_SECRET_KEY` (hex) for its data directory; `LINKSYNC_CRASH_AT` names a
 * crash point where the process SIGKILLs itself, after writing the row's page id to `LINKSYNC_CRASH_LOG` when set.
 * On first start (an empty data directory) it connects with `NOTION_TOKEN` at `NOTION_BASE_URL` and attaches
 * `DATA_SOURCE_ID` with the shortener at `SHORTENER_URL` (`SHORTENER_API_KEY`); restarts find it in the directory.
 * `LINKSYNC_CLOCK_AT` (ISO-8601) stops the agent's clock at that instant (sleeps still take real time): how a test
 * puts two agents' findings in the same second.
 */
import { writeFileSync } from "node:fs";
import {
  type Agent,
  type Clock,
  CRASH_POINTS,
  type CrashHook,
  type CreateAgentOptions,
  type CycleSummary,
  createAgent,
  systemClock,
} from "@linksync/core";

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`The agent process needs ${name}.`);
  return value;
}

/** The agent of this process, with the crash hook `LINKSYNC_CRASH_AT` asks for. */
export function agentFromEnv(
  options: Omit<CreateAgentOptions, "dataDir" | "secretKey" | "crashHook"> = {},
): Agent {
  const crashAt = process.env.LINKSYNC_CRASH_AT;
  if (crashAt !== undefined && !(CRASH_POINTS as readonly string[]).includes(crashAt))
    throw new Error(`LINKSYNC_CRASH_AT must be one of ${CRASH_POINTS.join(", ")}.`);
  const crashHook: CrashHook = (point, pageId) => {
    if (point !== crashAt) return;
    if (process.env.LINKSYNC_CRASH_LOG) writeFileSync(process.env.LINKSYNC_CRASH_LOG, pageId);
    process.kill(process.pid, "SIGKILL");
  };
  const clockAt = process.env.LINKSYNC_CLOCK_AT;
  return createAgent({
    ...(clockAt !== undefined ? { clock: stoppedClock(Date.parse(clockAt)) } : {}),
    ...options,
    dataDir: requiredEnv("LINKSYNC_DATA_DIR"),
    secretKey: Buffer.from(requiredEnv("LINKSYNC_SECRET_KEY"), "hex"),
    ...(crashAt !== undefined ? { crashHook } : {}),
  });
}

/** A clock that always reads `at`; its sleeps are real. */
function stoppedClock(at: number): Clock {
  if (!Number.isFinite(at)) throw new Error("LINKSYNC_CLOCK_AT must be an ISO-8601 time.");
  return { now: () => at, sleep: (ms, signal) => systemClock.sleep(ms, signal) };
}

/**
 * One sync of every database the data directory holds; on first start the connection and the database from the
 * environment are added first.
 */
export async function syncOrAttach(
  agent: Agent,
  requestsPerSecond: number,
): Promise<readonly CycleSummary[]> {
  const summaries = await agent.syncNow();
  if (summaries.length > 0) return summaries;
  const connection = await agent.addConnection({
    auth: { kind: "internal", token: requiredEnv("NOTION_TOKEN") },
    notionBaseUrl: requiredEnv("NOTION_BASE_URL"),
    requestsPerSecond,
  });
  await agent.attachDatabase({
    connectionId: connection.id,
    dataSourceId: requiredEnv("DATA_SOURCE_ID"),
    createMissingColumns: true,
    provider: {
      kind: "linksync-shortener",
      baseUrl: requiredEnv("SHORTENER_URL"),
      apiKey: requiredEnv("SHORTENER_API_KEY"),
    },
  });
  return agent.syncNow();
}
