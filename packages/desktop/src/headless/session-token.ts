import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const SESSION_COOKIE = "linksync_session";
export const SESSION_HEADER = "x-linksync-session";

export function newSessionToken(): string {
  return randomBytes(24).toString("base64url");
}

/** Where a request may carry the token: the `session` query parameter, the header, or the cookie set by the page. */
export function presentedTokens(request: IncomingMessage, url: URL): string[] {
  const header = request.headers[SESSION_HEADER];
  const cookie = (request.headers.cookie ?? "")
    .split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === SESSION_COOKIE)?.[1];
  return [url.searchParams.get("session"), typeof header === "string" ? header : null, cookie ?? null].filter(
    (token): token is string => token !== null,
  );
}

export function tokenMatches(expected: string, candidate: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(candidate);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A page on another site can make the browser send requests here, and DNS rebinding can make it look same-origin;
 * only our own loopback name and port are accepted as Host.
 */
export function hostAllowed(request: IncomingMessage, port: number): boolean {
  return [`127.0.0.1:${port}`, `localhost:${port}`].includes(request.headers.host ?? "");
}
