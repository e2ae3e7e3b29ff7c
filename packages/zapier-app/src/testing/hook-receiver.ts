import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Test support: a loopback server standing in for Zapier's `bundle.targetUrl`. It answers 200 and keeps each request
 * as Zapier hands it to a hook trigger's `perform`: `rawRequest` (headers prefixed `Http-`, the body as received)
 * and `cleanedRequest` (the parsed JSON).
 */
export interface CaughtHook {
  readonly rawRequest: {
    readonly method: "POST";
    readonly querystring: string;
    readonly headers: Record<string, string>;
    readonly content: string;
  };
  readonly cleanedRequest: unknown;
}

export interface HookReceiver {
  readonly url: string;
  readonly caught: CaughtHook[];
  /** Resolves once `count` requests have arrived; fails after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<CaughtHook[]>;
  close(): Promise<void>;
}

export async function startHookReceiver(): Promise<HookReceiver> {
  const caught: CaughtHook[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const content = Buffer.concat(chunks).toString("utf8");
      caught.push({
        rawRequest: { method: "POST", querystring: "", headers: zapierHeaders(request), content },
        cleanedRequest: JSON.parse(content),
      });
      response.writeHead(200).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/catch/1/abc`,
    caught,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (caught.length < count) {
        if (Date.now() > deadline) throw new Error(`Expected ${count} deliveries, got ${caught.length}.`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return caught;
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** `linksync-signature` → `Http-Linksync-Signature`, as Zapier passes headers in `bundle.rawRequest`. */
function zapierHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const titled = name.replace(
      /(^|-)([a-z])/g,
      (_, dash: string, letter: string) => dash + letter.toUpperCase(),
    );
    headers[`Http-${titled}`] = Array.isArray(value) ? value.join(", ") : (value ?? "");
  }
  return headers;
}
