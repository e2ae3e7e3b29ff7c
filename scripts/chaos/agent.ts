/**
 * The chaos benchmark's agent, in its own process (set up from the environment like the crash tests' agent, see
 * test/support/agent-from-env.ts): says `ready` once its data directory is open, then syncs in a loop until killed. `LINKSYNC_SETTLE=1` makes it sync until nothing is
 * pending, print its status as JSON and exit.
 */
import { agentFromEnv, syncOrAttach } from "../../test/support/agent-from-env";

const agent = agentFromEnv({
  rowsInFlight: 8,
  // Retries stay short so a 25 % error rate slows the agent down without stalling it for minutes.
  scheduler: { maxElapsedMs: 3_000, backoff: { initialMs: 20, maxMs: 250 } },
  overlapMs: 120_000,
});
// The kill loop counts an agent's lifetime from here: on a loaded machine starting the process alone takes seconds.
await agent.open();
process.stdout.write("ready\n");
let summaries = await syncOrAttach(agent, 200);
if (process.env.LINKSYNC_SETTLE === "1") {
  for (let pass = 0; pass < 20; pass++) {
    summaries = await agent.syncNow();
    const quiet = summaries.every((s) => s.minted + s.updated + s.conflicts + s.failed === 0);
    if (agent.status().pendingWrites === 0 && quiet && pass > 0) break;
  }
  process.stdout.write(`${JSON.stringify({ pendingWrites: agent.status().pendingWrites, summaries })}\n`);
  await agent.stop();
} else {
  for (;;) {
    await agent.syncNow();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
