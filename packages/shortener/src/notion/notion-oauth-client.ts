/** Notion's side of OAuth as the shortener calls it: `POST /v1/oauth/token` with HTTP Basic client credentials. */

export const NOTION_API_BASE_URL = "https://api.notion.com";
export const NOTION_VERSION = "2025-09-03";

export interface NotionClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  /** `https://api.notion.com` in production, the sandbox's URL in tests. */
  readonly baseUrl: string;
}

/** Notion's token response, passed on as Notion sent it (workspace, bot and owner fields included). */
export type NotionTokenResponse = Readonly<Record<string, unknown>> & { readonly access_token: string };

export type NotionTokenRequest =
  | {
      readonly grant_type: "authorization_code";
      readonly code: string;
      readonly redirect_uri?: string;
      /** Link Previews: the account on our side the Notion token is for, shown in Notion's connection settings. */
      readonly external_account?: { readonly key: string; readonly name: string };
    }
  | { readonly grant_type: "refresh_token"; readonly refresh_token: string };

/** A refusal from Notion's token endpoint; `status` and `code` are Notion's, the message never holds a secret. */
export class NotionOAuthError extends Error {
  override readonly name = "NotionOAuthError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export async function requestNotionToken(
  credentials: NotionClientCredentials,
  request: NotionTokenRequest,
  timeoutMs = 10_000,
): Promise<NotionTokenResponse> {
  const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString("base64");
  let response: Response;
  try {
    response = await fetch(`${credentials.baseUrl}/v1/oauth/token`, {
      method: "POST",
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        Authorization: `Basic ${basic}`,
        "Content-Type": "application/json",
        Accept: "application/json",
        "Notion-Version": NOTION_VERSION,
      },
      body: JSON.stringify(request),
    });
  } catch (cause) {
    throw new NotionOAuthError(
      502,
      "notion_unreachable",
      "Notion's token endpoint did not answer; try again.",
      {
        cause,
      },
    );
  }
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!response.ok || body === null || typeof body.access_token !== "string") {
    const code =
      typeof body?.error === "string" ? body.error : typeof body?.code === "string" ? body.code : "";
    const detail = typeof body?.error_description === "string" ? body.error_description : body?.message;
    throw new NotionOAuthError(
      response.status,
      code || "invalid_response",
      `Notion refused the token request (HTTP ${response.status}${code ? `, ${code}` : ""})${
        typeof detail === "string" ? `: ${detail.slice(0, 200).replace(/\.+$/, "")}` : ""
      }.`,
    );
  }
  return body as NotionTokenResponse;
}
