import type { IncomingMessage } from "node:http";
import { readBody } from "../http/body";
import { isObject } from "../properties/json-shape";
import { OAuthError } from "./oauth-error";

const MAX_OAUTH_BODY_BYTES = 64 * 1024;

/**
 * The body of an OAuth request as flat fields. The SDK sends JSON; browsers and OAuth libraries send
 * `application/x-www-form-urlencoded`. Both are read; nested JSON values (external_account) are kept.
 */
export async function readOAuthBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = (await readBody(request, MAX_OAUTH_BODY_BYTES)).toString("utf8");
  const type = request.headers["content-type"] ?? "";
  if (type.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  if (raw.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new OAuthError(
      "invalid_request",
      "The body is neither JSON nor application/x-www-form-urlencoded.",
    );
  }
  if (!isObject(parsed)) throw new OAuthError("invalid_request", "The request body should be a JSON object.");
  return parsed;
}

/** Reads a form POST as a multimap (checkbox groups repeat their name). */
export async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(request, MAX_OAUTH_BODY_BYTES)).toString("utf8"));
}

export function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value === "") {
    throw new OAuthError("invalid_request", `The request needs a non-empty "${field}".`);
  }
  return value;
}
