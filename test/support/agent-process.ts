/**
 * An agent in its own process, for crash tests (set up from the environment, see agent-from-env.ts): it runs one
 * sync and exits. The parent kills it with SIGKILL at random points, or names a crash point (`LINKSYNC_CRASH_AT`)
 * where it kills itself. Or the agent kills itself once every link is written and `KILL_AT_QR` QR codes are
 * uploaded (a crash between links and their QR).
 */
import { agentFromEnv, syncOrAttach } from "./agent-from-env";

const agent = agentFromEnv({ rowsInFlight: Number(process.env.LINKSYNC_ROWS_IN_FLIGHT ?? 4) });
const killAtQr = process.env.KILL_AT_QR === undefined ? null : Number(process.env.KILL_AT_QR);
if (killAtQr !== null) {
  agent.events.on("sync.progress", (progress) => {
    if (progress.qr && progress.done === progress.total && progress.qr.done >= killAtQr)
      process.kill(process.pid, "SIGKILL");
  });
}
const summaries = await syncOrAttach(agent, 40);
process.stdout.write(`${JSON.stringify(summaries)}\n`);
await agent.stop();
