import type { IncomingMessage } from "node:http";
import type { Principal } from "../auth/tokens";
import type { SandboxServices } from "../server/services";
import type { Capability } from "../store/types";
import type { ApiVersion } from "../versions/api-version";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface RequestContext {
  services: SandboxServices;
  request: IncomingMessage;
  /** Path parameters; those named `*_id` are already normalised to dashed UUIDs. */
  params: Record<string, string>;
  query: URLSearchParams;
  requestId: string;
  /** The caller, on bearer routes; null on public routes. */
  principal: Principal | null;
  /** The caller's `Notion-Version` (bearer routes); responses are adapted to it after the handler. */
  version: ApiVersion;
  /** The JSON body (an object; `{}` when empty), or a 400 `invalid_json`. */
  json(): Promise<Record<string, unknown>>;
}

export interface BearerContext extends RequestContext {
  principal: Principal;
}

export type RouteResult =
  | { status?: number; json: object; headers?: Record<string, string> }
  | { status?: number; bytes: Buffer | string; contentType: string; headers?: Record<string, string> };

/**
 * One endpoint, described as data. `pattern` uses `{name}` placeholders and doubles as the endpoint's
 * name in the request log and in fault rules, e.g. `GET /v1/pages/{page_id}`.
 */
export interface Route {
  method: HttpMethod;
  pattern: string;
  /** "bearer": Notion-Version, token, rate limit and capability checks run first. "none": public (files, OAuth). */
  auth: "bearer" | "none";
  capability?: Capability;
  handler(context: RequestContext): Promise<RouteResult> | RouteResult;
}

export function bearerRoute(definition: {
  method: HttpMethod;
  pattern: string;
  capability?: Capability;
  handler(context: BearerContext): Promise<RouteResult> | RouteResult;
}): Route {
  return {
    method: definition.method,
    pattern: definition.pattern,
    auth: "bearer",
    ...(definition.capability ? { capability: definition.capability } : {}),
    handler(context) {
      const principal = context.principal;
      if (principal === null) throw new Error(`Bearer route ${definition.pattern} ran without a principal.`);
      return definition.handler({ ...context, principal });
    },
  };
}

export function publicRoute(definition: {
  method: HttpMethod;
  pattern: string;
  handler(context: RequestContext): Promise<RouteResult> | RouteResult;
}): Route {
  return { ...definition, auth: "none" };
}

export function endpointName(route: Pick<Route, "method" | "pattern">): string {
  return `${route.method} ${route.pattern}`;
}
