import type { IncomingMessage, ServerResponse } from "node:http";
import type { ClickCounter } from "../clicks/click-counter";
import { shortUrlOf } from "../links/link-view";
import { looksLikeSlug } from "../links/slug";
import type { QrImages } from "../qr/qr-images";
import type { LinkRecord, ShortenerStore } from "../store/store";
import { appendParams } from "../utm/utm-template";
import type { UtmTemplates } from "../utm/utm-templates";
import type { LocationCache } from "./location-cache";
import type { SlugCache } from "./slug-cache";

export interface RedirectDeps {
  readonly store: ShortenerStore;
  readonly utm: UtmTemplates;
  readonly clicks: ClickCounter;
  readonly qr: QrImages;
  readonly locations: LocationCache;
  readonly slugs: SlugCache;
  readonly onRedirect: () => void;
  readonly brandedBaseUrl: string;
  readonly now: () => number;
}

const QR_SUFFIX = ".png";

/**
 * The public side: `GET /{slug}` answers 302 (never cached, so a destination edit applies at once) and counts the
 * click; `GET /{slug}.png` serves the link's QR code. HEAD answers the same without counting, so link checkers and
 * previews do not inflate clicks. This is the hot path: no JSON, a few map lookups (slug, templates, location), and
 * neither a database read nor URL parsing once a link is cached.
 */
export async function serveShortLink(
  deps: RedirectDeps,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD", "Content-Length": "0" }).end();
    return;
  }
  const wantsQr = pathname.endsWith(QR_SUFFIX);
  const slug = pathname.slice(1, wantsQr ? -QR_SUFFIX.length : undefined);
  const link = looksLikeSlug(slug) ? await deps.slugs.lookup(slug, (s) => deps.store.linkBySlug(s)) : null;
  if (!link) {
    sendNotFound(response);
    return;
  }
  if (wantsQr) {
    const png = await deps.qr.png(shortUrlOf(deps.brandedBaseUrl, link.slug));
    response.writeHead(200, {
      "Content-Type": "image/png",
      "Content-Length": String(png.length),
      "Cache-Control": "public, max-age=3600",
    });
    response.end(request.method === "GET" ? png : undefined);
    return;
  }
  const location = await redirectLocation(deps, link);
  if (request.method === "GET") deps.clicks.record(link.id, deps.now());
  deps.onRedirect();
  response.writeHead(302, { Location: location, "Cache-Control": "no-store", "Content-Length": "0" });
  response.end();
}

async function redirectLocation(deps: RedirectDeps, link: LinkRecord): Promise<string> {
  const templates = await deps.utm.forAccount(link.accountId);
  return deps.locations.location(link, templates.generation, () =>
    appendParams(new URL(link.destination), templates.paramsFor(link)),
  );
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
