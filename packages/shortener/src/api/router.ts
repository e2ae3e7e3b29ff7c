import type { IncomingHttpHeaders } from "node:http";

export interface ApiRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body for methods that carry one, otherwise undefined. */
  readonly body: unknown;
}

export interface ApiResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** An endpoint declared as data: `path` segments starting with ":" capture a parameter. */
export interface Route<Context> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly handle: (request: ApiRequest, context: Context) => Promise<ApiResponse>;
}

export type RouteMatch<Context> =
  | { readonly kind: "found"; readonly route: Route<Context>; readonly params: Record<string, string> }
  | { readonly kind: "wrong_method"; readonly allowed: readonly HttpMethod[] }
  | { readonly kind: "none" };

export function matchRoute<Context>(
  routes: readonly Route<Context>[],
  method: string,
  pathname: string,
): RouteMatch<Context> {
  const segments = pathname.split("/").filter((segment) => segment !== "");
  const allowed: HttpMethod[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, segments);
    if (params === null) continue;
    if (route.method === method) return { kind: "found", route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: "wrong_method", allowed } : { kind: "none" };
}

function matchPath(pattern: string, segments: readonly string[]): Record<string, string> | null {
  const parts = pattern.split("/").filter((part) => part !== "");
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const segment = segments[i]!;
    if (part.startsWith(":")) {
      const value = decodeSegment(segment);
      if (value === null) return null;
      params[part.slice(1)] = value;
    } else if (part !== segment) return null;
  }
  return params;
}

/** A malformed percent-escape cannot name anything, so the path simply does not match. */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
