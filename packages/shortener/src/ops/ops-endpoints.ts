import type { ServerResponse } from "node:http";
import { sendFailure } from "../api/api-handler";
import type { Readiness } from "../database/open-database";

/** What a process tells its operators: whether it can serve, and its Prometheus metrics. */
export interface OpsEndpoints {
  readonly ready: () => Promise<Readiness>;
  /** The Prometheus text of `GET /metrics`. */
  readonly metrics: () => Promise<string>;
  /** Logs an error no handler expected (the answer is a plain 500). */
  readonly onUnexpectedError: (error: unknown) => void;
}

/**
 * Answers `/health` (the process answers), `/ready` (200 or 503 with the reason, as JSON) and `/metrics`; false for
 * any other path. The link service and the sync workers (`linksync-server worker`) answer them the same way.
 */
export function serveOpsEndpoint(pathname: string, response: ServerResponse, ops: OpsEndpoints): boolean {
  if (pathname === "/health") {
    response.writeHead(200, { "Content-Type": "text/plain", "Cache-Control": "no-store" }).end("ok\n");
    return true;
  }
  if (pathname === "/metrics") {
    ops.metrics().then(
      (text) =>
        response
          .writeHead(200, { "Content-Type": "text/plain; version=0.0.4", "Cache-Control": "no-store" })
          .end(text),
      (error: unknown) => sendFailure(response, error, ops.onUnexpectedError),
    );
    return true;
  }
  if (pathname === "/ready") {
    ops.ready().then(
      (readiness) =>
        response
          .writeHead(readiness.ready ? 200 : 503, {
            "Content-Type": "application/json; charset=utf-8",
            "Cache-Control": "no-store",
          })
          .end(JSON.stringify(readiness)),
      (error: unknown) => sendFailure(response, error, ops.onUnexpectedError),
    );
    return true;
  }
  return false;
}
