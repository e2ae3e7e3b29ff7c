import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { MAX_BODY_BYTES } from "../api/api-handler";

/**
 * Endpoints reached without an API key, by browsers and by Notion: the OAuth broker and the Link Preview
 * provider. They speak OAuth (form bodies, redirects, HTML pages, RFC 6749 error bodies) rather than the `/api`
 * JSON conventions, so they have their own small request path.
 */
export interface PublicRequest {
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  /** The body as fields: from `application/x-www-form-urlencoded` or a JSON object; empty when there is none. */
  readonly fields: () => Promise<Readonly<Record<string, unknown>>>;
}

export type PublicReply =
  | { readonly kind: "json"; readonly status: number; readonly body: unknown }
  | { readonly kind: "html"; readonly status: number; readonly html: string }
  | { readonly kind: "redirect"; readonly location: string }
  | { readonly kind: "empty"; readonly status: number };

export interface PublicRoute {
  readonly method: "GET" | "POST" | "DELETE";
  readonly path: string;
  readonly handle: (request: PublicRequest) => Promise<PublicReply>;
}

/** Pages must not be framed (clickjacking on the consent page) nor run anything. */
const HTML_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
};

export class PublicEndpoints {
  private readonly paths: ReadonlySet<string>;

  constructor(private readonly routes: readonly PublicRoute[]) {
    this.paths = new Set(routes.map((route) => route.path));
  }

  serves(pathname: string): boolean {
    return this.paths.has(pathname);
  }

  async serve(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> {
    const method = request.method ?? "GET";
    const route = this.routes.find((candidate) => candidate.path === pathname && candidate.method === method);
    if (!route) {
      const allowed = this.routes.filter((candidate) => candidate.path === pathname).map((r) => r.method);
      send(
        response,
        { kind: "json", status: 405, body: { error: "method_not_allowed" } },
        { Allow: allowed.join(", ") },
      );
      return;
    }
    const url = new URL(request.url ?? "/", "http://shortener.invalid");
    try {
      send(
        response,
        await route.handle({ url, headers: request.headers, fields: () => readFields(request) }),
      );
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      send(response, json(400, { error: "invalid_request", error_description: error.message }));
    }
  }
}

function send(response: ServerResponse, reply: PublicReply, extra: Record<string, string> = {}): void {
  const common = { ...extra, "Cache-Control": "no-store", Pragma: "no-cache" };
  switch (reply.kind) {
    case "json": {
      const json = JSON.stringify(reply.body);
      response
        .writeHead(reply.status, { ...common, "Content-Type": "application/json; charset=utf-8" })
        .end(json);
      return;
    }
    case "html":
      response.writeHead(reply.status, { ...common, ...HTML_HEADERS }).end(reply.html);
      return;
    case "redirect":
      response.writeHead(302, { ...common, Location: reply.location }).end();
      return;
    case "empty":
      response.writeHead(reply.status, common).end();
  }
}

async function readFields(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyError(`Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  const type = request.headers["content-type"] ?? "";
  if (type.startsWith("application/x-www-form-urlencoded"))
    return Object.fromEntries(new URLSearchParams(text));
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Falls through to the refusal below: the body is neither a form nor a JSON object.
  }
  throw new BodyError("The body must be a form (application/x-www-form-urlencoded) or a JSON object.");
}

/** A body that cannot be read as fields: answered 400 in the RFC 6749 error shape. */
export class BodyError extends Error {
  override readonly name = "BodyError";
}

export function html(status: number, page: string): PublicReply {
  return { kind: "html", status, html: page };
}

export function json(status: number, body: unknown): PublicReply {
  return { kind: "json", status, body };
}

export function redirect(location: URL | string): PublicReply {
  return { kind: "redirect", location: String(location) };
}

/** A query or body value as one string, or undefined when absent, repeated or not a string. */
export function single(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
