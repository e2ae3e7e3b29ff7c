import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "../errors/api-error";
import { readJsonObject } from "../http/body";
import type { ControlHandler } from "../http/server";
import { isControlOperation, type SandboxControl } from "./operations";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
/** Seeds of tens of thousands of rows travel through here. */
const MAX_CONTROL_BODY_BYTES = 100 * 1024 * 1024;

/**
 * `POST /__control/{operation}` with `{ "args": [...] }` runs one control operation and answers `{ "result": ... }`.
 * Only loopback callers are served: the control API can mint tokens and rewrite data.
 */
export function createControlHandler(control: SandboxControl): ControlHandler {
  return async (request: IncomingMessage, response: ServerResponse, operation: string) => {
    if (!LOOPBACK.has(request.socket.remoteAddress ?? "")) {
      return reply(response, 403, { error: "The control API only answers loopback callers." });
    }
    if (request.method !== "POST" || !isControlOperation(operation)) {
      return reply(response, 404, { error: `Unknown control operation: ${request.method} ${operation}.` });
    }
    try {
      const body = await readJsonObject(request, MAX_CONTROL_BODY_BYTES);
      const args = Array.isArray(body.args) ? body.args : [];
      // The operation map guarantees the name; the arguments are JSON from a trusted loopback caller.
      const run = control[operation] as (...values: unknown[]) => Promise<unknown>;
      reply(response, 200, { result: (await run(...args)) ?? null });
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 400;
      reply(response, status, { error: error instanceof Error ? error.message : String(error) });
    }
  };
}

function reply(response: ServerResponse, status: number, body: object): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
  });
  response.end(payload);
}
