import type { IncomingMessage, ServerResponse } from "node:http";
import { ShortenerError } from "../errors/shortener-error";
import { matchRoute, type Route } from "./router";
import type { ApiContext } from "./routes";

/** Request bodies are small JSON objects; anything bigger is refused before it is buffered. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface ApiDeps {
  readonly routes: readonly Route<ApiContext>[];
  readonly context: ApiContext;
}

/**
 * The one path every `/api` request takes: refuse it without an account, route, read the body, run the handler,
 * send JSON. The caller found the account of the request's key and runs this in its scope (`runAsAccount`).
 */
export async function serveApi(
  deps: ApiDeps,
  request: IncomingMessage,
  response: ServerResponse,
  authenticated: boolean,
): Promise<void> {
  if (!authenticated) {
    sendJson(response, 401, errorBody(unauthorized()), { "WWW-Authenticate": 'Bearer realm="linksync"' });
    return;
  }
  const url = new URL(request.url ?? "/", "http://shortener.invalid");
  const match = matchRoute(deps.routes, request.method ?? "GET", url.pathname);
  if (match.kind === "none") {
    throw new ShortenerError("not_found", `There is no API endpoint ${request.method} ${url.pathname}.`);
  }
  if (match.kind === "wrong_method") {
    sendJson(
      response,
      405,
      errorBody(
        new ShortenerError("method_not_allowed", `Use ${match.allowed.join(" or ")} on ${url.pathname}.`),
      ),
      { Allow: match.allowed.join(", ") },
    );
    return;
  }
  const body =
    match.route.method === "GET" || match.route.method === "DELETE" ? undefined : await readJson(request);
  const result = await match.route.handle(
    { params: match.params, query: url.searchParams, headers: request.headers, body },
    deps.context,
  );
  if (result.body === undefined) {
    response.writeHead(result.status, { ...result.headers, "Cache-Control": "no-store" }).end();
  } else {
    sendJson(response, result.status, result.body, result.headers);
  }
}

/** Answers a failure of any request; an unexpected error is logged (it never holds the API key) and hidden. */
export function sendFailure(
  response: ServerResponse,
  error: unknown,
  logUnexpected: (error: unknown) => void,
): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  if (error instanceof ShortenerError) {
    sendJson(response, error.status, errorBody(error));
    return;
  }
  logUnexpected(error);
  sendJson(
    response,
    500,
    errorBody(
      new ShortenerError(
        "internal",
        "The shortener hit an unexpected error; retry, and report it if it persists.",
      ),
    ),
  );
}

function unauthorized(): ShortenerError {
  return new ShortenerError(
    "unauthorized",
    "Missing or wrong API key. Send it as `Authorization: Bearer <key>` with the key the shortener was started with.",
  );
}

function errorBody(error: ShortenerError): { error: { code: string; message: string } } {
  return { error: { code: error.code, message: error.message } };
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(json)),
    "Cache-Control": "no-store",
  });
  response.end(json);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new ShortenerError("payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    }
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ShortenerError("invalid_input", "The request body is not valid JSON.");
  }
}
