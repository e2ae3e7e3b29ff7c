import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived, for signature checks. */
  rawBody: string;
}

/**
 * An HTTP endpoint on 127.0.0.1 that records what it receives, for tests of outgoing calls
 * (webhooks, Link Preview callbacks). `answer` decides each response; the default is 200 `{}`.
 */
export async function startReceiver(
  answer: (request: ReceivedRequest, index: number) => { status: number; json?: unknown } = () => ({
    status: 200,
  }),
) {
  const received: ReceivedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request)
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const entry: ReceivedRequest = {
      method: request.method ?? "GET",
      path: request.url ?? "/",
      headers: request.headers,
      rawBody: Buffer.concat(chunks).toString("utf8"),
    };
    const { status, json } = answer(entry, received.length);
    received.push(entry);
    const payload = JSON.stringify(json ?? {});
    response.writeHead(status, { "content-type": "application/json" }).end(payload);
    for (const waiter of waiters.filter((candidate) => received.length >= candidate.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** Resolves once `count` requests in total have arrived. */
    waitFor(count: number): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
