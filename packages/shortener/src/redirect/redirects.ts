import type { IncomingMessage, ServerResponse } from "node:http";
import type { ClickCounter } from "../clicks/click-counter";
import { shortUrlOf } from "../links/link-view";
import { looksLikeSlug } from "../links/slug";
import type { QrImages } from "../qr/qr-images";
import type { ShortenerStore } from "../store/store";
import type { UtmTemplates } from "../utm/utm-templates";
import { type RedirectCache, type ResolvedRedirect, resolveRedirect } from "./redirect-cache";

export interface RedirectDeps {
  readonly store: ShortenerStore;
  readonly utm: UtmTemplates;
  readonly clicks: ClickCounter;
  readonly qr: QrImages;
  readonly cache: RedirectCache;
  readonly onRedirect: () => void;
  readonly brandedBaseUrl: string;
  readonly now: () => number;
}

const QR_SUFFIX = ".png";

/**
 * The public side: `GET /{slug}` answers 302 (never cached, so a destination edit applies at once) and counts the
 * click; `GET /{slug}.png` serves the link's QR code. HEAD answers the same without counting, so link checkers and
 * previews do not inflate clicks. This is the hot path: a cached slug is answered synchronously with one Map lookup
 * (the resolved redirect), one check that the account's UTM templates did not change, and one counter update; no
 * database read, URL parsing, promise or JSON. Anything else (a miss, changed templates, a QR image) takes the
 * asynchronous path, which returns its promise.
 */
export function serveShortLink(
  deps: RedirectDeps,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> | undefined {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD", "Content-Length": "0" }).end();
    return undefined;
  }
  const cached = deps.cache.get(pathname.slice(1));
  if (cached !== undefined && deps.utm.loaded(cached.accountId)?.generation === cached.templatesGeneration) {
    redirect(deps, request, response, cached);
    return undefined;
  }
  return serveUncached(deps, request, response, pathname);
}

async function serveUncached(
  deps: RedirectDeps,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> {
  const wantsQr = pathname.endsWith(QR_SUFFIX);
  const slug = pathname.slice(1, wantsQr ? -QR_SUFFIX.length : undefined);
  if (!looksLikeSlug(slug)) {
    sendNotFound(response);
    return;
  }
  if (wantsQr) {
    if (deps.cache.get(slug) === undefined && (await deps.store.linkBySlug(slug)) === null) {
      sendNotFound(response);
      return;
    }
    const png = await deps.qr.png(shortUrlOf(deps.brandedBaseUrl, slug));
    response.writeHead(200, {
      "Content-Type": "image/png",
      "Content-Length": String(png.length),
      "Cache-Control": "public, max-age=3600",
    });
    response.end(request.method === "GET" ? png : undefined);
    return;
  }
  // A miss, or a cached link whose account's templates changed (the entry keeps no destination or tags to compute
  // its location again from): one indexed lookup.
  const resolved = await deps.cache.resolve(slug, async () => {
    const link = await deps.store.linkBySlug(slug);
    return link && resolveRedirect(link, await deps.utm.forAccount(link.accountId));
  });
  if (!resolved) {
    sendNotFound(response);
    return;
  }
  redirect(deps, request, response, resolved);
}

function redirect(
  deps: RedirectDeps,
  request: IncomingMessage,
  response: ServerResponse,
  resolved: ResolvedRedirect,
): void {
  if (request.method === "GET") deps.clicks.record(resolved.linkId, deps.now());
  deps.onRedirect();
  response.writeHead(302, {
    Location: resolved.location,
    "Cache-Control": "no-store",
    "Content-Length": "0",
  });
  response.end();
}

function sendNotFound(response: ServerResponse): void {
  const body = "This short link does not exist. Check the address for typos.\n";
  response.writeHead(404, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(body)),
    "Cache-Control": "no-store",
  });
  response.end(body);
}
