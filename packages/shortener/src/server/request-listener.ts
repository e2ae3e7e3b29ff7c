import type { IncomingMessage, ServerResponse } from "node:http";
import { type ApiDeps, sendFailure, serveApi } from "../api/api-handler";
import { type RedirectDeps, serveShortLink } from "../redirect/redirects";

/** Splits traffic: `/health`, the authenticated `/api`, and everything else as a short link (the hot path). */
export function requestListener(deps: {
  readonly api: ApiDeps;
  readonly shortLinks: RedirectDeps;
}): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const target = request.url ?? "/";
    const query = target.indexOf("?");
    const pathname = query === -1 ? target : target.slice(0, query);
    if (pathname === "/health") {
      response.writeHead(200, { "Content-Type": "text/plain", "Cache-Control": "no-store" }).end("ok\n");
      return;
    }
    const served =
      pathname === "/api" || pathname.startsWith("/api/")
        ? serveApi(deps.api, request, response)
        : serveShortLink(deps.shortLinks, request, response, pathname);
    served.catch((error: unknown) => sendFailure(response, error));
  };
}
