import type { IncomingMessage, ServerResponse } from "node:http";
import { verifyWebhookSignature } from "@notionhq/client";
import {
  type NotionEventOutcome,
  type NotionWebhookEvent,
  notionEventAction,
  parseNotionEvent,
} from "./notion-event";
import { RecentIds } from "./recent-ids";

/**
 * What the receiver needs of the agent: its token slots, its bots, and the engine's reaction to an event.
 *
 * Anyone can POST a handshake, so a token is only a candidate until something proves it: Notion's first delivery
 * signed with it, or the user confirming it (they pasted it into Notion's dashboard). Every candidate is kept until
 * then; a proved token is never replaced by a later handshake.
 */
export interface NotionWebhookHost {
  /** The proved verification token, the key deliveries are checked against; `null` until one is proved. */
  notionWebhookToken(): Promise<string | null>;
  /** The tokens handshakes delivered that nothing has proved yet, oldest first. */
  notionWebhookCandidates(): Promise<readonly string[]>;
  /** Keeps a token a handshake delivered beside the other candidates. */
  addNotionWebhookCandidate(token: string): Promise<void>;
  /** Makes a candidate the proved token and forgets the others (a signed delivery proved it, or the user did). */
  confirmNotionWebhookToken(token: string): Promise<void>;
  /** The bot user ids of the connected integrations, whose own edits come back as events. */
  notionBotIds(): readonly string[];
  handleNotionEvent(event: NotionWebhookEvent): Promise<NotionEventOutcome>;
}

export interface NotionWebhookReceiverOptions {
  readonly host: NotionWebhookHost;
  /** A sync an event triggered failed; the polling cycle is still the safety net for that row. */
  readonly onError: (error: unknown) => void;
  /** Each accepted event and what came of it, for the activity log and for measuring latency. */
  readonly onEvent?: (event: NotionWebhookEvent, outcome: NotionEventOutcome) => void;
  /** Bodies larger than this are refused (Notion's events are a few hundred bytes). */
  readonly maxBodyBytes?: number;
  /** How many event ids are remembered to drop Notion's retries and duplicates. */
  readonly recentEvents?: number;
}

/** A Node `http` request handler, to mount on a loopback or public port, plus a way to wait for its work. */
export interface NotionWebhookReceiver {
  (request: IncomingMessage, response: ServerResponse): void;
  /** Resolves once every event accepted so far has been handled. */
  idle(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
const DEFAULT_RECENT_EVENTS = 10_000;

/**
 * Notion's integration webhooks in. The first request Notion sends is `{verification_token}`: the token is kept as a
 * candidate (the user pastes it into Notion's dashboard to confirm the subscription), and every delivery must carry
 * `X-Notion-Signature`, the HMAC-SHA256 of the raw body keyed by that token, checked in constant time by the SDK (401
 * otherwise). The first delivery signed with a candidate proves it (see `NotionWebhookHost`). An accepted event is answered at once, deduplicated by id, and handed to the agent, which
 * syncs the row (or checks the schema) through the engine's rules while the poll remains the safety net.
 */
export function createNotionWebhookReceiver(options: NotionWebhookReceiverOptions): NotionWebhookReceiver {
  const seen = new RecentIds(options.recentEvents ?? DEFAULT_RECENT_EVENTS);
  const working = new Set<Promise<void>>();
  /** Handshakes one at a time, so two racing tokens cannot both be taken for the first. */
  let handshakes: Promise<void> = Promise.resolve();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== "POST") return answer(response, 405, "Notion webhooks are POST requests.");
    const raw = await readBody(request, maxBodyBytes);
    if (raw === null) return answer(response, 413, `The body is larger than ${maxBodyBytes} bytes.`);
    const body = parseJson(raw);
    if (isHandshake(body)) {
      const turn = handshakes.then(() => handshake(body.verification_token, response));
      // The next handshake waits for this one whatever its outcome; a failure reaches this request's handler.
      handshakes = turn.then(
        () => undefined,
        () => undefined,
      );
      return turn;
    }

    const signature = request.headers["x-notion-signature"];
    const verified = typeof signature === "string" && (await signedWithKnownToken(raw, signature));
    if (!verified) return answer(response, 401, "The X-Notion-Signature does not match this subscription.");

    const event = parseNotionEvent(body);
    if (event === null) return answer(response, 400, "The body is not a Notion webhook event.");
    answer(response, 200, "ok");
    if (!seen.add(event.id)) return;
    if (notionEventAction(event, options.host.notionBotIds()).kind === "ignore") return;
    track(
      options.host.handleNotionEvent(event).then(
        (outcome) => options.onEvent?.(event, outcome),
        (error: unknown) => options.onError(error),
      ),
    );
  }

  /**
   * Checks the signature against the proved token; before one is proved, against every candidate, and the candidate
   * that signed it becomes the proved token (only Notion can sign with the token it sent).
   */
  async function signedWithKnownToken(body: string, signature: string): Promise<boolean> {
    const proved = await options.host.notionWebhookToken();
    if (proved !== null) return verifyWebhookSignature({ body, signature, verificationToken: proved });
    for (const candidate of await options.host.notionWebhookCandidates()) {
      if (await verifyWebhookSignature({ body, signature, verificationToken: candidate })) {
        await options.host.confirmNotionWebhookToken(candidate);
        return true;
      }
    }
    return false;
  }

  async function handshake(token: string, response: ServerResponse): Promise<void> {
    const proved = await options.host.notionWebhookToken();
    if (proved !== null && proved !== token) {
      // The subscription is proved; a later handshake (anyone can POST one) never replaces its signing key.
      return answer(
        response,
        409,
        "This receiver's subscription is already verified. Forget its token in Linksync before verifying a new subscription.",
      );
    }
    // Kept beside any earlier one: a stranger who posts first no longer shuts the real handshake out.
    if (proved === null) await options.host.addNotionWebhookCandidate(token);
    answer(response, 200, "ok");
  }

  function track(work: Promise<void>): void {
    working.add(work);
    void work.finally(() => working.delete(work));
  }

  const receiver = (request: IncomingMessage, response: ServerResponse): void => {
    track(
      handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) answer(response, 500, "The event could not be handled.");
        options.onError(error);
      }),
    );
  };
  return Object.assign(receiver, {
    async idle(): Promise<void> {
      while (working.size > 0) await Promise.all([...working]);
    },
  });
}

function answer(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ message }));
}

/** The raw bytes as text (signatures are over these exact bytes); `null` past the limit, read to the end regardless. */
async function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size <= limit) chunks.push(buffer);
  }
  return size > limit ? null : Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: refused below as "not a Notion webhook event"; the parser's position adds nothing.
    return undefined;
  }
}

function isHandshake(body: unknown): body is { readonly verification_token: string } {
  if (typeof body !== "object" || body === null) return false;
  const record = body as Record<string, unknown>;
  return typeof record.verification_token === "string" && record.type === undefined;
}
