import { ProviderError } from "../link-provider";

/**
 * Turns a refusal of the shortener (`{ error: { code, message } }`) into a ProviderError. The server's message is
 * kept where it tells the user what to fix (bad destination, taken slug); it never contains the API key.
 */
export function errorForStatus(
  status: number,
  body: unknown,
  retryAfter: string | null,
  nowMs: number,
): ProviderError {
  const server = serverError(body);
  const details = { status };
  if (status === 400) {
    return server?.code === "invalid_destination"
      ? new ProviderError("invalid_destination", server.message, details)
      : new ProviderError(
          "invalid_input",
          server?.message ?? "The shortener refused the request as invalid.",
          details,
        );
  }
  if (status === 401 || status === 403) {
    return new ProviderError(
      "unauthorized",
      "The shortener refused the API key. Check the key configured for the Linksync shortener connection.",
      details,
    );
  }
  if (status === 404)
    return new ProviderError("not_found", server?.message ?? "The link does not exist.", details);
  if (status === 409) {
    return new ProviderError(
      "slug_taken",
      server?.message ?? "That slug is already taken; choose another.",
      details,
    );
  }
  if (status === 412) {
    return new ProviderError(
      "version_conflict",
      server?.message ?? "The link was changed meanwhile; read it again and retry.",
      details,
    );
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(retryAfter, nowMs);
    return new ProviderError(
      "rate_limited",
      "The shortener is rate limiting requests; Linksync will retry later.",
      {
        ...details,
        ...(retryAfterMs !== undefined && { retryAfterMs }),
      },
    );
  }
  if (status >= 500) {
    return new ProviderError(
      "unavailable",
      `The shortener failed with HTTP ${status}; Linksync will retry.`,
      details,
    );
  }
  return new ProviderError(
    "invalid_input",
    server?.message ?? `The shortener refused the request with HTTP ${status}.`,
    details,
  );
}

/** `Retry-After` is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function serverError(body: unknown): { code: string; message: string } | null {
  if (typeof body !== "object" || body === null || !("error" in body)) return null;
  const { error } = body;
  if (typeof error !== "object" || error === null) return null;
  const code = "code" in error ? error.code : undefined;
  const message = "message" in error ? error.message : undefined;
  return typeof code === "string" && typeof message === "string" ? { code, message } : null;
}
