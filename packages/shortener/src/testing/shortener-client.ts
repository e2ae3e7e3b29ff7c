import { randomBytes } from "node:crypto";
import { type RunningShortener, type ShortenerOptions, startShortener } from "../server/start-shortener";
import { createTestSchema, type TestEngine } from "./test-database";

/** Test support: a shortener on a free loopback port and a thin HTTP client for its API. */

/** What a client needs to reach a shortener: a `RunningShortener`, or one started in another process. */
export interface ShortenerAddress {
  readonly url: string;
  readonly apiKey: string;
}

export interface ApiAnswer<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

export interface LinkBody {
  readonly id: string;
  readonly slug: string;
  readonly shortUrl: string;
  readonly destination: string;
  readonly tags: string[];
  readonly title: string | null;
  readonly externalId: string | null;
  readonly version: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export function startTestShortener(options: Partial<ShortenerOptions> = {}): Promise<RunningShortener> {
  return startShortener({ apiKey: `test-${randomBytes(16).toString("hex")}`, ...options });
}

/**
 * A test shortener on either engine: in memory on PGlite, or in a fresh schema of the test PostgreSQL server
 * (dropped on close) with a secretsKey; webhook targets are opened to loopback receivers (`webhooks.targets: "any"`,
 * the local-development setting) unless the options say otherwise.
 */
export async function startTestShortenerOn(
  engine: TestEngine,
  options: Partial<ShortenerOptions> = {},
): Promise<RunningShortener> {
  if (engine === "pglite") {
    return startTestShortener({ ...options, webhooks: { targets: "any", ...options.webhooks } });
  }
  const schema = await createTestSchema();
  try {
    const started = await startTestShortener({
      secretsKey: randomBytes(32).toString("base64"),
      ...postgresOptions(schema),
      ...options,
      webhooks: { targets: "any", ...options.webhooks },
    });
    return {
      ...started,
      close: async () => {
        await started.close();
        await schema.drop();
      },
    };
  } catch (error) {
    await schema.drop();
    throw error;
  }
}

export function postgresOptions(schema: { databaseUrl: string; databaseSchema: string }) {
  return { databaseUrl: schema.databaseUrl, databaseSchema: schema.databaseSchema };
}

export interface CallOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** The key to send; the shortener's own by default, null for none. */
  readonly apiKey?: string | null;
}

export async function call<T = unknown>(
  shortener: ShortenerAddress,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiAnswer<T>> {
  const apiKey = options.apiKey === undefined ? shortener.apiKey : options.apiKey;
  const response = await fetch(`${shortener.url}${path}`, {
    method,
    redirect: "manual",
    headers: {
      ...(apiKey !== null && { authorization: `Bearer ${apiKey}` }),
      ...(options.body !== undefined && { "content-type": "application/json" }),
      ...options.headers,
    },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const isJson = response.headers.get("content-type")?.startsWith("application/json") ?? false;
  return {
    status: response.status,
    headers: response.headers,
    body: (isJson ? JSON.parse(text) : text) as T,
  };
}

export async function createLink(
  shortener: ShortenerAddress,
  input: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<LinkBody> {
  const answer = await call<LinkBody>(shortener, "POST", "/api/links", { body: input, headers });
  if (answer.status !== 201)
    throw new Error(`create answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Follows nothing: returns the status and Location of `GET /{slug}`. */
export async function visit(
  shortener: RunningShortener,
  slug: string,
): Promise<{ status: number; location: string | null }> {
  const response = await fetch(`${shortener.url}/${slug}`, { redirect: "manual" });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get("location") };
}
