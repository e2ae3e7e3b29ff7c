/**
 * One service of the engine bench (the Notion sandbox or the shortener) in a process of its own, started by
 * bench-engine.ts with `fork`: `bench-service.ts sandbox|shortener <options as JSON>`. The agent then runs alone in
 * the bench's process, so each part's CPU time (`process.cpuUsage`) is its own, as in production, where Notion and
 * the shortener run elsewhere.
 *
 * Over IPC: sends `{ url }` once listening; answers `"cpu"` with `{ cpu: process.cpuUsage() }`; on `"close"`
 * closes the service and exits.
 */
import { startSandbox } from "@linksync/notion-sandbox";
import { startShortener } from "@linksync/shortener";

export type ServiceKind = "sandbox" | "shortener";

export type ServiceMessage =
  | { readonly url: string }
  | { readonly cpu: NodeJS.CpuUsage }
  | { readonly error: string };

const [kind, optionsJson = "{}"] = process.argv.slice(2);
const options = JSON.parse(optionsJson);
const send = (message: ServiceMessage) => process.send?.(message);

try {
  const service =
    kind === "sandbox"
      ? await startSandbox(options).then((s) => ({ url: s.baseUrl, close: () => s.close() }))
      : await startShortener(options);
  // The bench died or is done: never outlive it.
  process.on("disconnect", () => void service.close().then(() => process.exit(0)));
  process.on("message", (message) => {
    if (message === "cpu") send({ cpu: process.cpuUsage() });
    if (message === "close") void service.close().then(() => process.exit(0));
  });
  send({ url: service.url });
} catch (error) {
  send({ error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
