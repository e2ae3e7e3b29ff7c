import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Test support: a small HTTP server on a free loopback port that records requests and answers as told. */

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** How to answer a request; null leaves it unanswered (a receiver that hangs). */
export type Responder = (request: ReceivedRequest) => { status: number; body?: unknown } | null;

export interface HttpReceiver {
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Changes how the next requests are answered. */
  respond(responder: Responder): void;
  close(): Promise<void>;
}

export async function startReceiver(responder: Responder = () => ({ status: 200 })): Promise<HttpReceiver> {
  const received: ReceivedRequest[] = [];
  let answer = responder;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry = {
        method: request.method ?? "GET",
        path: request.url ?? "/",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(entry);
      const reply = answer(entry);
      if (reply === null) return;
      const { status, body } = reply;
      if (body === undefined) {
        response.writeHead(status).end();
      } else {
        response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respond: (next) => {
      answer = next;
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * A port free on 127.0.0.1 right now, for a service whose own URL must be known before it starts (an OAuth
 * client registered with its callback). The OS could hand it out again meanwhile; tests accept that small race.
 */
export async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
