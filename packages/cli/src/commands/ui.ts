import { join } from "node:path";
import { createAgent, KEY_FILE_NAME, loadOrCreateKeyFile } from "@linksync/core";
import { startHeadlessUi } from "@linksync/desktop";
import { dataDirectory } from "../config/data-dir";
import type { Output } from "../terminal/output";

/**
 * `linksync ui`: the agent of this data directory, headless, with the companion UI served on 127.0.0.1. The URL
 * carries a random session token; requests without it are refused.
 */
export async function runUi(
  options: { readonly dataDir: string | undefined; readonly port: number },
  out: Output,
): Promise<number> {
  const dataDir = dataDirectory(options.dataDir);
  const agent = createAgent({ dataDir, secretKey: await loadOrCreateKeyFile(join(dataDir, KEY_FILE_NAME)) });
  await agent.start();
  const ui = await startHeadlessUi({ agent, dataDir, port: options.port });
  out.line(`Linksync companion: ${ui.url}`);
  out.line("Open it in a browser on this machine. Ctrl-C stops.");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await ui.close();
  await agent.stop();
  return 0;
}
