import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { authenticate, type Principal, requireCapability } from "../auth/tokens";
import { ApiError } from "../errors/api-error";
import { rateLimitedError } from "../faults/fault-injector";
import type { SandboxServices } from "../server/services";
import { type ApiVersion, adaptResponse, requestedVersion } from "../versions/api-version";
import { readJsonObject } from "./body";
import { endpointName, type RouteResult } from "./route";
import type { Router } from "./router";

export type ControlHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
) => Promise<void>;

export const CONTROL_PREFIX = "/__control/";

/**
 * The one request pipeline every API route runs through:
 * match → faults (drop, latency) → Notion-Version (checked, and the answer adapted to it) → token → rate limit → injected errors → capability → handler.
 */
export function createRequestHandler(services: SandboxServices, router: Router, control: ControlHandler) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://sandbox.local");
    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      await control(request, response, url.pathname.slice(CONTROL_PREFIX.length));
      return;
    }
    const started = performance.now();
    const requestId = randomUUID();
    let endpoint = "unmatched";
    let principal: Principal | null = null;
    let status = 0;
    let version: ApiVersion = "2025-09-03";
    try {
      const match = router.match(request.method ?? "GET", url.pathname);
      if (!match) throw new ApiError("invalid_request_url", "Invalid request URL.");
      const { route, params } = match;
      endpoint = endpointName(route);
      const fault = services.faults.decide(endpoint);
      if (fault.latencyMs > 0) await sleep(fault.latencyMs);
      if (fault.outcome === "drop") {
        request.socket.destroy();
        return;
      }
      if (route.auth === "bearer") {
        version = requestedVersion(request);
        principal = authenticate(services.store, request.headers.authorization);
        const allowance = services.limiter.take(principal.token.tokenId);
        if (!allowance.allowed) throw rateLimitedError(allowance.retryAfterSeconds);
      }
      if (fault.outcome === "error") throw fault.error;
      if (principal && route.capability) requireCapability(principal, route.capability);
      const result = await route.handler({
        services,
        request,
        params,
        query: url.searchParams,
        requestId,
        principal,
        version,
        json: () => readJsonObject(request),
      });
      status = send(
        response,
        "json" in result ? { ...result, json: adaptResponse(result.json, version) } : result,
        requestId,
        services.clock.now(),
      );
    } catch (error) {
      const apiError = error instanceof ApiError ? error : unexpected(error);
      status = send(
        response,
        { status: apiError.status, json: apiError.toBody(requestId), headers: apiError.headers },
        requestId,
        services.clock.now(),
      );
    } finally {
      services.log.record({
        at: new Date(services.clock.now()).toISOString(),
        method: request.method ?? "GET",
        path: url.pathname,
        endpoint,
        status,
        tokenId: principal?.token.tokenId ?? null,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        requestId,
        filterProperties: url.searchParams.getAll("filter_properties"),
      });
    }
  };
}

function unexpected(error: unknown): ApiError {
  // A bug in the sandbox must surface in the test that hit it, not vanish into a generic 500.
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`notion-sandbox: unexpected error: ${detail}\n`);
  return new ApiError("internal_server_error", "Unexpected error occurred.");
}

/** `Date` comes from the sandbox clock, as Notion's comes from Notion's: clients may take it as the server's time. */
function send(response: ServerResponse, result: RouteResult, requestId: string, now: number): number {
  const status = result.status ?? 200;
  if (response.headersSent || response.destroyed) return status;
  if ("json" in result) {
    const payload = JSON.stringify({ ...result.json, request_id: requestId });
    response.writeHead(status, {
      ...result.headers,
      date: new Date(now).toUTCString(),
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(payload),
      "x-request-id": requestId,
    });
    response.end(payload);
  } else {
    const body = typeof result.bytes === "string" ? Buffer.from(result.bytes) : result.bytes;
    response.writeHead(status, {
      ...result.headers,
      date: new Date(now).toUTCString(),
      "content-type": result.contentType,
      "content-length": body.length,
    });
    response.end(body);
  }
  return status;
}
