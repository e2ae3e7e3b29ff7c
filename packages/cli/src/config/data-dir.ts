import { homedir } from "node:os";
import { join } from "node:path";

/** Where the CLI's agent keeps its state, outbox, audit log and encrypted secrets. */
export function dataDirectory(explicit?: string): string {
  return explicit ?? process.env.LINKSYNC_HOME ?? join(homedir(), ".linksync");
}
