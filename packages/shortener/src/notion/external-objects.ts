import { NOTION_VERSION } from "./notion-oauth-client";

export type ExternalObjectResult =
  | { readonly kind: "updated" }
  /** Notion no longer shows this preview (deleted, or the token was revoked). */
  | { readonly kind: "gone"; readonly status: number }
  | { readonly kind: "rate_limited"; readonly retryAfterMs: number }
  | { readonly kind: "failed"; readonly reason: string };

/** `PATCH /v1/external/object`: replaces what a Link Preview shows, with the operations of an unfurl answer. */
export async function patchExternalObject(
  baseUrl: string,
  notionToken: string,
  body: { readonly uri: string; readonly operations: readonly unknown[] },
  timeoutMs = 10_000,
): Promise<ExternalObjectResult> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/v1/external/object`, {
      method: "PATCH",
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        Authorization: `Bearer ${notionToken}`,
        "Content-Type": "application/json",
        "Notion-Version": NOTION_VERSION,
      },
      body: JSON.stringify(body),
    });
  } catch (error) {
    return { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
  }
  await response.body?.cancel();
  if (response.ok) return { kind: "updated" };
  if (response.status === 429) {
    const seconds = Number(response.headers.get("retry-after"));
    return {
      kind: "rate_limited",
      retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000,
    };
  }
  if (response.status === 401 || response.status === 403 || response.status === 404) {
    return { kind: "gone", status: response.status };
  }
  return { kind: "failed", reason: `Notion answered HTTP ${response.status}.` };
}
