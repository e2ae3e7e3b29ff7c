import { connect } from "node:net";
import { createLinksyncShortenerProvider, type ProviderConfig } from "@linksync/core";
import { CompanionError } from "./companion-error";

/**
 * Checks made before anything is stored or attached, so a first-time user hears at once, in plain words, what is
 * wrong: a web address pasted where a secret belongs, no internet, a secret or a shortener key Notion or the
 * shortener refuses. Each check answers within a few seconds.
 */

const REACH_TIMEOUT_MS = 3_000;
const SHORTENER_TIMEOUT_MS = 4_000;

const INTEGRATIONS_PAGE = "Notion → Settings → Connections → Develop or manage integrations";

/** What a pasted Notion secret must look like before it is worth sending. */
export function checkSecretShape(token: string): void {
  const value = token.trim();
  if (value === "") {
    throw new CompanionError("invalid_input", "Paste your integration's secret first.");
  }
  if (/^https?:\/\//i.test(value) || /(^|\.)notion\.(so|site|com)\//i.test(value)) {
    throw new CompanionError(
      "pasted_url",
      `That is a web address, not a secret. In ${INTEGRATIONS_PAGE}, open your integration and copy its Internal Integration Secret (it starts with ntn_ or secret_).`,
    );
  }
  if (/\s/.test(value)) {
    throw new CompanionError(
      "invalid_input",
      `That does not look like an integration secret: it has spaces in it. Copy the Internal Integration Secret again from ${INTEGRATIONS_PAGE}.`,
    );
  }
}

/** Whether a TCP connection to the server opens within a few seconds; the engine's own retries take much longer. */
export async function checkReachable(
  baseUrl: string,
  name: string,
  timeoutMs = REACH_TIMEOUT_MS,
): Promise<void> {
  const url = new URL(baseUrl);
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  const reached = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: url.hostname, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
  if (!reached) {
    throw new CompanionError(
      "offline",
      `Linksync cannot reach ${name} (${url.host}). Check your internet connection, then try again.`,
    );
  }
}

/** The engine's refusal of a first connection, in words for someone who has never seen an API. */
export function plainConnectError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "unauthorized") {
    return new CompanionError(
      "wrong_secret",
      `Notion did not accept this secret. Copy the Internal Integration Secret again from ${INTEGRATIONS_PAGE} and paste it here.`,
    );
  }
  if (code === "offline" || code === "unavailable") {
    return new CompanionError(
      "offline",
      "Linksync could not reach Notion just now. Check your internet connection, then try again.",
    );
  }
  return error;
}

/** Asks the shortener for one page of its change feed with the key: a wrong address or key is said before attaching. */
export async function checkShortener(config: ProviderConfig): Promise<void> {
  let address: URL;
  try {
    address = new URL(config.baseUrl);
  } catch {
    throw new CompanionError(
      "invalid_input",
      "The shortener address must be a web address such as https://go.example.com.",
    );
  }
  if (address.protocol !== "https:" && address.protocol !== "http:") {
    throw new CompanionError("invalid_input", "The shortener address must start with https://.");
  }
  if (config.apiKey.trim() === "")
    throw new CompanionError("invalid_input", "Enter the shortener's API key.");
  await checkReachable(config.baseUrl, "the shortener");
  const provider = createLinksyncShortenerProvider({ ...config, timeoutMs: SHORTENER_TIMEOUT_MS });
  try {
    await provider.changesSince(null);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "unauthorized") {
      throw new CompanionError(
        "wrong_api_key",
        "The shortener did not accept this API key. Copy it again from your shortener's settings.",
      );
    }
    throw new CompanionError(
      "not_a_shortener",
      `${address.host} did not answer like a Linksync shortener. Check the address (for example https://go.example.com).`,
    );
  }
}
