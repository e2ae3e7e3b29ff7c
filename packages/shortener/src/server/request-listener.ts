import type { IncomingMessage, ServerResponse } from "node:http";
import { type AddressLimiter, clientAddress, type LimitVerdict } from "../abuse/address-limiter";
import { runAsAccount } from "../accounts/account-scope";
import type { Accounts } from "../accounts/accounts";
import { type ApiDeps, sendFailure, serveApi } from "../api/api-handler";
import type { Readiness } from "../database/open-database";
import { serveOpsEndpoint } from "../ops/ops-endpoints";
import type { PublicEndpoints } from "../public-http/public-endpoints";
import { type RedirectDeps, serveShortLink } from "../redirect/redirects";

/**
 * Splits traffic: `/health` (the process answers), `/ready` (and its database, with every migration), the authenticated `/api` (run as the key's account), the OAuth and Link Preview
 * endpoints, and everything else as a short link (the hot path).
 */
export function requestListener(deps: {
  readonly api: ApiDeps;
  readonly accounts: Accounts;
  readonly publicEndpoints: PublicEndpoints;
  /** Logs an error no handler expected (the answer is a plain 500). */
  readonly onUnexpectedError: (error: unknown) => void;
  readonly shortLinks: RedirectDeps;
  readonly ready: () => Promise<Readiness>;
  /** The Prometheus text of `GET /metrics`. */
  readonly metrics: () => Promise<string>;
  /** Per client address: failed API keys, and requests to the public paths named in `publicPathLimits`. */
  readonly abuse: {
    readonly trustProxy: boolean;
    readonly failedApiKeys: AddressLimiter;
    readonly publicPathLimits: ReadonlyMap<string, AddressLimiter>;
  };
}): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const target = request.url ?? "/";
    const query = target.indexOf("?");
    const pathname = query === -1 ? target : target.slice(0, query);
    if (serveOpsEndpoint(pathname, response, deps)) return;
    let served: Promise<void> | undefined;
    if (pathname === "/api" || pathname.startsWith("/api/")) {
      const address = clientAddress(request, deps.abuse.trustProxy);
      const blocked = deps.abuse.failedApiKeys.check(address);
      if (!blocked.allowed) {
        tooManyRequests(response, blocked);
        return;
      }
      served = deps.accounts.byAuthorization(request.headers.authorization).then((account) => {
        if (account) return runAsAccount(account, () => serveApi(deps.api, request, response, true));
        deps.abuse.failedApiKeys.take(address);
        return serveApi(deps.api, request, response, false);
      });
    } else if (deps.publicEndpoints.serves(pathname)) {
      const limiter = deps.abuse.publicPathLimits.get(pathname);
      const verdict = limiter?.take(clientAddress(request, deps.abuse.trustProxy));
      if (verdict && !verdict.allowed) {
        tooManyRequests(response, verdict);
        return;
      }
      served = deps.publicEndpoints.serve(request, response, pathname);
    } else {
      served = serveShortLink(deps.shortLinks, request, response, pathname);
    }
    served?.catch((error: unknown) => sendFailure(response, error, deps.onUnexpectedError));
  };
}

function tooManyRequests(response: ServerResponse, verdict: Extract<LimitVerdict, { allowed: false }>): void {
  const body = JSON.stringify({
    error: {
      code: "rate_limited",
      message: `Too many attempts from your address; retry in ${verdict.retryAfterS} s.`,
    },
  });
  response
    .writeHead(429, {
      "Content-Type": "application/json; charset=utf-8",
      "Retry-After": String(verdict.retryAfterS),
      "Cache-Control": "no-store",
    })
    .end(body);
}
