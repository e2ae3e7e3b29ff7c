import { validationError } from "../errors/api-error";
import { normaliseId } from "../ids/ids";
import type { Route } from "./route";

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Matches method + path against a table of routes. Static segments win over placeholders. */
export class Router {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    const seen = new Set<string>();
    this.#routes = routes.map((route) => {
      const key = `${route.method} ${route.pattern}`;
      if (seen.has(key)) throw new Error(`Route ${key} is declared twice.`);
      seen.add(key);
      const names: string[] = [];
      const source = route.pattern
        .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
        .replace(/\{(\w+)\}/g, (_match, name: string) => {
          names.push(name);
          return "([^/]+)";
        });
      return { route, regex: new RegExp(`^${source}/?$`), names };
    });
    // Static routes before parameterised ones, so `/v1/users/me` is not read as `/v1/users/{user_id}`.
    this.#routes.sort((a, b) => a.names.length - b.names.length);
  }

  match(method: string, path: string): RouteMatch | undefined {
    for (const { route, regex, names } of this.#routes) {
      if (route.method !== method) continue;
      const found = regex.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? "");
      });
      return { route, params: normaliseIdParams(params) };
    }
    return undefined;
  }
}

/** Path parameters named `*_id` that are not UUIDs in Notion's API. */
const NON_UUID_PARAMS = new Set(["property_id"]);

function normaliseIdParams(params: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(params)) {
    if (!name.endsWith("_id") || NON_UUID_PARAMS.has(name)) continue;
    const id = normaliseId(value);
    if (!id) {
      throw validationError(
        `path failed validation: path.${name} should be a valid uuid, instead was \`"${value}"\`.`,
      );
    }
    params[name] = id;
  }
  return params;
}
