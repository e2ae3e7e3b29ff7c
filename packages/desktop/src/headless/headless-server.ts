import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import {
  type Agent,
  AUDIT_FILE_NAME,
  KEY_FILE_NAME,
  loadOrCreateKeyFile,
  type ProviderConfig,
  SECRETS_FILE_NAME,
} from "@linksync/core";
import { auditFileReader } from "../host/activity/audit-file-reader";
import { createCompanionApi } from "../host/companion-api";
import { dispatch } from "../host/dispatch";
import { readAsset } from "../host/renderer-files";
import { CONTENT_SECURITY_POLICY } from "../host/security/content-security-policy";
import { SETTINGS_FILE_NAME, SettingsStore } from "../host/settings/settings-store";
import { secretBoxCipher } from "../host/vault/secret-cipher";
import { TokenVault } from "../host/vault/token-vault";
import type { Envelope } from "../shared/contract";
import { ensureRendererBuilt } from "./renderer-assets";
import {
  hostAllowed,
  newSessionToken,
  presentedTokens,
  SESSION_COOKIE,
  SESSION_HEADER,
  tokenMatches,
} from "./session-token";

export interface HeadlessUiOptions {
  readonly agent: Agent;
  /** The agent's data directory: its audit log feeds the Activity screen; its key file guards the secrets. */
  readonly dataDir: string;
  /** 0 (the default) lets the OS pick a free port. */
  readonly port?: number;
  /** Shown in onboarding as the Notion API the host talks to (the sandbox's in the demo). */
  readonly notionBaseUrl?: string;
  /** Requests per second for Notion connections made from the UI (default: the engine's, 3). */
  readonly requestsPerSecond?: number;
  /**
   * The Linksync server (a shortener with `/oauth/notion/*`): enables "Sign in with Notion" through its broker, and
   * the account it links at sign-in becomes the workspace's default shortener. Settings may name another.
   */
  readonly serverUrl?: string;
  /** The loopback port of the user's own integration's redirect URI (default 53682; tests pick a free one). */
  readonly ownIntegrationPort?: number;
  /** Offered to the UI as "host-default" without its key. */
  readonly defaultProvider?: ProviderConfig;
}

export interface HeadlessUi {
  /** `http://127.0.0.1:PORT/?session=TOKEN`: open it in a browser; the token is the only key. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The companion's secrets file in the agent's data directory (sealed with the engine's key). */
export const COMPANION_SECRETS_FILE_NAME = "companion-secrets.json";

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const KEEPALIVE_MS = 15_000;

const SECURITY_HEADERS = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  // The session token sits in the page URL; it must not leak to Notion or shortener links through Referer.
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/** Serves the companion UI and its API to a browser on this machine only (loopback, session token). */
export async function startHeadlessUi(options: HeadlessUiOptions): Promise<HeadlessUi> {
  const rendererRoot = await ensureRendererBuilt();
  const token = newSessionToken();
  const secretStorage = {
    where: `${join(options.dataDir, SECRETS_FILE_NAME)}, with its key in ${join(options.dataDir, KEY_FILE_NAME)} (readable only by you)`,
    encrypted: true,
    warning: null,
  };
  // The companion's own secrets (Linksync account keys) are sealed with the engine's key, beside its secrets.
  const secrets = new TokenVault({
    file: join(options.dataDir, COMPANION_SECRETS_FILE_NAME),
    cipher: secretBoxCipher(await loadOrCreateKeyFile(join(options.dataDir, KEY_FILE_NAME)), secretStorage),
    confirmWeakStorage: async () => true,
  });
  const api = createCompanionApi(options.agent, {
    info: {
      shell: "browser",
      canLaunchAtLogin: false,
      notionBaseUrl: options.notionBaseUrl ?? null,
      defaultProvider: options.defaultProvider ? { baseUrl: options.defaultProvider.baseUrl } : null,
      secretStorage,
    },
    secrets,
    settings: new SettingsStore(join(options.dataDir, SETTINGS_FILE_NAME)),
    audit: auditFileReader(join(options.dataDir, AUDIT_FILE_NAME)),
    defaultProvider: options.defaultProvider ?? null,
    ...(options.requestsPerSecond === undefined ? {} : { requestsPerSecond: options.requestsPerSecond }),
    ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
    ...(options.ownIntegrationPort === undefined ? {} : { ownIntegrationPort: options.ownIntegrationPort }),
  });
  const streams = new Set<ServerResponse>();
  let port = 0;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error("linksync ui: request failed", error);
      if (!response.headersSent) sendEnvelope(response, 500, internalError());
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = parseRequestUrl(request.url ?? "/", port);
    if (url === null) {
      return sendEnvelope(
        response,
        400,
        refusal("bad_request", "The address is malformed (its percent-encoding does not decode)."),
      );
    }
    if (!hostAllowed(request, port)) {
      return sendEnvelope(
        response,
        403,
        refusal("bad_host", "Open Linksync through the address it printed."),
      );
    }
    const authenticated = presentedTokens(request, url).some((candidate) => tokenMatches(token, candidate));
    if (!authenticated) {
      return sendEnvelope(
        response,
        401,
        refusal("no_session", "This address needs its session token. Open the full URL Linksync printed."),
      );
    }
    if (url.pathname === "/api/events" && request.method === "GET") return openEventStream(response);
    if (url.pathname.startsWith("/api/call/")) {
      // Cookies ride along with cross-site requests; the header proves the caller read the token from the page.
      const headerToken = request.headers[SESSION_HEADER];
      if (request.method !== "POST" || typeof headerToken !== "string" || !tokenMatches(token, headerToken)) {
        return sendEnvelope(
          response,
          403,
          refusal("bad_request", "API calls must be POSTed with the session header."),
        );
      }
      const args = await readJsonArgs(request);
      if (args === null) {
        return sendEnvelope(
          response,
          400,
          refusal("bad_request", 'The request body must be JSON: {"args": [...]}.'),
        );
      }
      const name = decodeURIComponent(url.pathname.slice("/api/call/".length));
      return sendEnvelope(response, 200, await dispatch(api, name, args));
    }
    if (request.method !== "GET")
      return sendEnvelope(response, 405, refusal("bad_request", "Only GET is served here."));
    const asset = await readAsset(rendererRoot, url.pathname);
    if (!asset)
      return sendEnvelope(response, 404, refusal("not_found", "There is no such page in Linksync."));
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      "content-type": asset.contentType,
      "set-cookie": `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    });
    response.end(asset.body);
  }

  function openEventStream(response: ServerResponse): void {
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      "content-type": "text/event-stream; charset=utf-8",
      connection: "keep-alive",
    });
    response.write(": connected\n\n");
    const unsubscribe = options.agent.events.onAny((event) => {
      response.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const keepalive = setInterval(() => response.write(": keepalive\n\n"), KEEPALIVE_MS);
    keepalive.unref();
    streams.add(response);
    response.on("close", () => {
      clearInterval(keepalive);
      unsubscribe();
      streams.delete(response);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?session=${token}`,
    port,
    close: async () => {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The request's URL, or `null` when it cannot be read: an unparsable target or a path whose percent-encoding does not
 * decode (a client's mistake, answered 400 rather than failing as an internal error further in).
 */
function parseRequestUrl(target: string, port: number): URL | null {
  try {
    const url = new URL(target, `http://127.0.0.1:${port}`);
    decodeURIComponent(url.pathname);
    return url;
  } catch (error) {
    if (error instanceof URIError || error instanceof TypeError) return null;
    throw error;
  }
}

function refusal(code: string, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

function internalError(): Envelope<never> {
  return refusal("internal", "Linksync hit an unexpected error. Try again, or restart it.");
}

function sendEnvelope(response: ServerResponse, status: number, envelope: Envelope<unknown>): void {
  response.writeHead(status, { ...SECURITY_HEADERS, "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(envelope));
}

async function readJsonArgs(request: IncomingMessage): Promise<unknown[] | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const args = (body as { args?: unknown } | null)?.args;
    return Array.isArray(args) ? args : null;
  } catch {
    return null;
  }
}
