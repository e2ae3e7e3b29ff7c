import type { Agent } from "@linksync/core";
import { CompanionError } from "../companion/companion-error";

/** Opens the sync engine that runs inside the main process, with its state under the app's data directory. */
export async function openAgent(_dataDir: string): Promise<Agent> {
  throw new CompanionError(
    "engine_unavailable",
    "This build of Linksync has no sync engine yet. Update Linksync and start it again.",
  );
}
