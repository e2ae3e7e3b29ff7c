import type { Clock } from "../clock/clock";

/** The requests Notion makes to a Link Preview integration's service. */
export type LinkPreviewCallKind = "token" | "refresh" | "unfurl" | "unfurl_delete" | "deleted_token";

/** One request to the service, as `linkPreviewCalls()` lists it (no bodies: they carry tokens). */
export interface LinkPreviewCall {
  kind: LinkPreviewCallKind;
  method: "POST" | "DELETE";
  url: string;
  /** What the service answered; null when it could not be reached (see `error`). */
  status: number | null;
  error: string | null;
  at: string;
}

export interface ServiceAnswer {
  status: number | null;
  /** The parsed JSON answer; null when there was none or it was not JSON. */
  body: unknown;
}

type Body = { form: Record<string, string> } | { json: object };

const MAX_CALLS_KEPT = 2_000;
const REQUEST_TIMEOUT_MS = 10_000;

/** Makes Notion's calls to the service and keeps a log of them. A failed call is an answer, not an exception. */
export class ServiceCalls {
  readonly #log: LinkPreviewCall[] = [];
  readonly #abort = new AbortController();

  constructor(private readonly clock: Clock) {}

  async send(
    kind: LinkPreviewCallKind,
    method: "POST" | "DELETE",
    url: string,
    body: Body,
    bearer?: string,
  ): Promise<ServiceAnswer> {
    const headers: Record<string, string> = { accept: "application/json", "user-agent": "Notion" };
    if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
    let payload: string;
    if ("form" in body) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      payload = new URLSearchParams(body.form).toString();
    } else {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body.json);
    }
    const entry: LinkPreviewCall = {
      kind,
      method,
      url,
      status: null,
      error: null,
      at: new Date(this.clock.now()).toISOString(),
    };
    this.#record(entry);
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: payload,
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      entry.status = response.status;
      return { status: response.status, body: parseJson(await response.text()) };
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
      return { status: null, body: null };
    }
  }

  calls(): LinkPreviewCall[] {
    return this.#log.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.#log.length = 0;
  }

  close(): void {
    this.#abort.abort();
  }

  #record(entry: LinkPreviewCall): void {
    this.#log.push(entry);
    if (this.#log.length > MAX_CALLS_KEPT) this.#log.splice(0, this.#log.length - MAX_CALLS_KEPT);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
