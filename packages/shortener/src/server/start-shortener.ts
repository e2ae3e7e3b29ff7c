import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sendFailure, serveApi } from "../api/api-handler";
import { bearerAuthenticator } from "../api/auth";
import { apiRoutes } from "../api/routes";
import { ClickCounter } from "../clicks/click-counter";
import { LinkService } from "../links/link-service";
import { QrImages } from "../qr/qr-png";
import { serveShortLink } from "../redirect/redirects";
import { LowdbStore } from "../store/lowdb-store";
import { UtmTemplates } from "../utm/utm-templates";
import { normalizeBrandedBaseUrl } from "./branded-base-url";

export interface ShortenerOptions {
  /** Required on every `/api` request as `Authorization: Bearer <apiKey>`. */
  readonly apiKey: string;
  /** 0 or omitted: any free port. */
  readonly port?: number;
  /** Defaults to 127.0.0.1; use 0.0.0.0 to serve other machines. */
  readonly host?: string;
  /** Base of every short URL, e.g. `https://go.acme.com`; defaults to the listening URL. */
  readonly brandedBaseUrl?: string;
  /** JSON data file (created when missing); omitted: everything is kept in memory only. */
  readonly dataFile?: string;
  /** How often counted clicks are written to the store; the clicks of this window are lost on a hard kill. */
  readonly clickFlushIntervalMs?: number;
}

export interface RunningShortener {
  /** Where the service listens, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  readonly port: number;
  /** Base of the short URLs it hands out, without a trailing slash. */
  readonly brandedBaseUrl: string;
  readonly apiKey: string;
  /** Stops listening, writes every counted click, and closes the store. */
  close(): Promise<void>;
}

export const DEFAULT_CLICK_FLUSH_INTERVAL_MS = 1000;

export async function startShortener(options: ShortenerOptions): Promise<RunningShortener> {
  if (options.apiKey.trim() === "") throw new Error("startShortener needs a non-empty apiKey.");
  const now = () => Date.now();
  const store = await LowdbStore.open(options.dataFile);
  const clicks = new ClickCounter(
    store,
    options.clickFlushIntervalMs ?? DEFAULT_CLICK_FLUSH_INTERVAL_MS,
    (error) => console.error("shortener: writing click counts failed; they are kept and retried:", error),
  );
  const utm = await UtmTemplates.load(store, now);
  const authenticate = bearerAuthenticator(options.apiKey);
  const qr = new QrImages();

  // Listen first: without a configured branded base URL, short URLs are built on the listening URL.
  const server = createServer();
  const host = options.host ?? "127.0.0.1";
  const port = await listen(server, options.port ?? 0, host);
  const url = `http://${reachableHost(host)}:${port}`;
  const brandedBaseUrl = normalizeBrandedBaseUrl(options.brandedBaseUrl ?? url);
  const api = {
    routes: apiRoutes,
    context: { links: new LinkService({ store, clicks, brandedBaseUrl, now }), utm },
    authenticate,
  };
  const shortLinks = { store, utm, clicks, qr, brandedBaseUrl, now };

  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    const target = request.url ?? "/";
    const query = target.indexOf("?");
    const pathname = query === -1 ? target : target.slice(0, query);
    if (pathname === "/health") {
      response.writeHead(200, { "Content-Type": "text/plain", "Cache-Control": "no-store" }).end("ok\n");
      return;
    }
    const served =
      pathname === "/api" || pathname.startsWith("/api/")
        ? serveApi(api, request, response)
        : serveShortLink(shortLinks, request, response, pathname);
    served.catch((error: unknown) => sendFailure(response, error));
  });

  return {
    url,
    port,
    brandedBaseUrl,
    apiKey: options.apiKey,
    close: async () => {
      await stopServer(server);
      await clicks.close();
      await store.close();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Lets requests in flight finish, drops idle keep-alive connections, and cuts the rest after a grace period. */
function stopServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    const grace = setTimeout(() => server.closeAllConnections(), 2000);
    server.close((error) => {
      clearTimeout(grace);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

function reachableHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
