import { canSeeDataSource, canSeePage } from "../auth/access";
import { hashToken, type Principal } from "../auth/tokens";
import type { Clock } from "../clock/clock";
import { newId, randomAlphanumeric } from "../ids/ids";
import type { WorkspaceEvent } from "../store/events";
import type { PropertyConfig } from "../store/types";
import type { WorkspaceStore } from "../store/workspace-store";
import {
  actor,
  payloadFor,
  WEBHOOK_EVENT_TYPES,
  type WebhookActor,
  type WebhookEventType,
  type WebhookPayload,
} from "./payloads";
import { type SchemaChange, schemaChanges } from "./schema-changes";
import { notionSignature } from "./signature";

export interface WebhookSubscriptionOptions {
  /** Where Notion POSTs the verification request and the events. */
  url: string;
  /**
   * The integration's token. Events then cover only what its grant can see, and `integration_id` /
   * `accessible_by` name its bot. Without it the subscription sees the whole workspace.
   */
  token?: string;
  /** Default: every type the sandbox emits (`WEBHOOK_EVENT_TYPES`). */
  eventTypes?: WebhookEventType[];
  /**
   * Milliseconds between a change and its delivery (default 1000). `page.properties_updated` events
   * of one page within that window are delivered as one event, as Notion aggregates them.
   */
  delayMs?: number;
  /** Attempts per event, the first included (default 8, as Notion). */
  maxAttempts?: number;
  /** Wait before the second attempt, doubled for each further one (default 1000 ms). */
  retryBaseMs?: number;
}

export interface CreatedWebhookSubscription {
  subscriptionId: string;
  /**
   * Also POSTed to the URL as `{ "verification_token": ... }`. Deliveries start once it is confirmed
   * with `verifyWebhookSubscription`, as a developer pastes it into Notion's dashboard.
   */
  verificationToken: string;
  /** HTTP status the URL answered the verification request with; null when it could not be reached. */
  verificationStatus: number | null;
}

export interface WebhookSubscriptionInfo {
  subscriptionId: string;
  url: string;
  integrationId: string;
  eventTypes: WebhookEventType[];
  verified: boolean;
}

/** One HTTP attempt, as `webhookDeliveries()` lists it. */
export interface WebhookDelivery {
  subscriptionId: string;
  /** The event's `id`; null for the verification request. */
  eventId: string | null;
  type: WebhookEventType | "verification";
  attempt: number;
  /** What the receiver answered; null when the request failed (see `error`). */
  status: number | null;
  error: string | null;
  sentAt: string;
  durationMs: number;
  /** The raw JSON body as signed and sent; null for the verification request, which carries the secret. */
  body: string | null;
  /** The `X-Notion-Signature` header; null for the verification request. */
  signature: string | null;
}

interface Subscription extends WebhookSubscriptionInfo {
  tokenHash: string | null;
  verificationToken: string;
  delayMs: number;
  maxAttempts: number;
  retryBaseMs: number;
}

interface Pending {
  subscription: Subscription;
  payload: WebhookPayload;
  timer: NodeJS.Timeout;
}

const MAX_LOG_ENTRIES = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Notion's webhook side: subscriptions with a verification handshake, events filtered by the
 * integration's grant, delivered asynchronously (aggregated within the delay), signed with the
 * verification token, retried with exponential back-off, and logged attempt by attempt.
 */
export class WebhookDispatcher {
  readonly #subscriptions = new Map<string, Subscription>();
  readonly #pending = new Map<string, Pending>();
  readonly #retries = new Set<NodeJS.Timeout>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #schemas = new Map<string, PropertyConfig[]>();
  readonly #log: WebhookDelivery[] = [];
  readonly #abort = new AbortController();
  readonly #unsubscribe: () => void;

  constructor(
    private readonly store: WorkspaceStore,
    private readonly clock: Clock,
  ) {
    this.#unsubscribe = store.events.subscribe((event) => this.#onEvent(event));
  }

  async subscribe(options: WebhookSubscriptionOptions): Promise<CreatedWebhookSubscription> {
    const url = new URL(options.url).toString();
    const tokenHash = options.token === undefined ? null : hashToken(options.token);
    const token = tokenHash === null ? undefined : this.store.tokens.get(tokenHash);
    if (tokenHash !== null && !token) {
      throw new Error("createWebhookSubscription: the token is unknown; pass a token the sandbox issued.");
    }
    const eventTypes = options.eventTypes ?? [...WEBHOOK_EVENT_TYPES];
    const unknown = eventTypes.filter((type) => !WEBHOOK_EVENT_TYPES.includes(type));
    if (unknown.length > 0) {
      throw new Error(
        `createWebhookSubscription: unsupported event types ${unknown.join(", ")}; use ${WEBHOOK_EVENT_TYPES.join(", ")}.`,
      );
    }
    const subscription: Subscription = {
      subscriptionId: newId(),
      url,
      integrationId: token?.botUserId ?? newId(),
      eventTypes,
      verified: false,
      tokenHash,
      verificationToken: `secret_${randomAlphanumeric(43)}`,
      delayMs: options.delayMs ?? 1_000,
      maxAttempts: options.maxAttempts ?? 8,
      retryBaseMs: options.retryBaseMs ?? 1_000,
    };
    this.#subscriptions.set(subscription.subscriptionId, subscription);
    for (const dataSource of this.store.dataSources.values()) this.#rememberSchema(dataSource.id);
    return {
      subscriptionId: subscription.subscriptionId,
      verificationToken: subscription.verificationToken,
      verificationStatus: await this.#sendVerification(subscription),
    };
  }

  /** Sends the verification request again, as the dashboard's "Resend token" does. */
  async resendVerification(subscriptionId: string): Promise<number | null> {
    return this.#sendVerification(this.#subscription(subscriptionId));
  }

  verify(subscriptionId: string, verificationToken: string): WebhookSubscriptionInfo {
    const subscription = this.#subscription(subscriptionId);
    if (subscription.verificationToken !== verificationToken) {
      throw new Error("verifyWebhookSubscription: that is not the verification token sent to the URL.");
    }
    subscription.verified = true;
    return info(subscription);
  }

  remove(subscriptionId: string): boolean {
    for (const [key, pending] of this.#pending) {
      if (pending.subscription.subscriptionId !== subscriptionId) continue;
      clearTimeout(pending.timer);
      this.#pending.delete(key);
    }
    return this.#subscriptions.delete(subscriptionId);
  }

  subscriptions(): WebhookSubscriptionInfo[] {
    return [...this.#subscriptions.values()].map(info);
  }

  deliveries(subscriptionId?: string): WebhookDelivery[] {
    return this.#log.filter(
      (entry) => subscriptionId === undefined || entry.subscriptionId === subscriptionId,
    );
  }

  /** Delivers every waiting event now and waits for the attempts under way (not for later retries). */
  async flush(): Promise<void> {
    for (const [key, pending] of this.#pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(key);
      this.#attempt(pending.subscription, pending.payload, 1);
    }
    await Promise.allSettled([...this.#inFlight]);
  }

  clear(): void {
    for (const pending of this.#pending.values()) clearTimeout(pending.timer);
    for (const timer of this.#retries) clearTimeout(timer);
    this.#pending.clear();
    this.#retries.clear();
    this.#subscriptions.clear();
    this.#schemas.clear();
    this.#log.length = 0;
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    this.clear();
    this.#abort.abort();
    await Promise.allSettled([...this.#inFlight]);
  }

  #subscription(subscriptionId: string): Subscription {
    const subscription = this.#subscriptions.get(subscriptionId);
    if (!subscription) throw new Error(`No webhook subscription has the id ${subscriptionId}.`);
    return subscription;
  }

  #onEvent(event: WorkspaceEvent): void {
    const schema =
      event.type === "data_source.schema_updated" ? this.#schemaChange(event.dataSourceId) : undefined;
    if (
      event.type === "page.created" &&
      event.dataSourceId !== null &&
      !this.#schemas.has(event.dataSourceId)
    ) {
      this.#rememberSchema(event.dataSourceId);
    }
    for (const subscription of this.#subscriptions.values()) {
      if (!subscription.verified || !subscription.eventTypes.includes(event.type)) continue;
      const principal = this.#principal(subscription);
      if (principal === "revoked" || (principal !== null && !this.#visible(principal, event))) continue;
      this.#enqueue(subscription, event, schema);
    }
  }

  #enqueue(subscription: Subscription, event: WorkspaceEvent, schema: SchemaChange[] | undefined): void {
    const payload = payloadFor(
      this.store,
      event,
      {
        id: newId(),
        subscriptionId: subscription.subscriptionId,
        integrationId: subscription.integrationId,
        accessibleBy: this.#accessibleBy(subscription),
      },
      schema,
    );
    const key =
      payload.type === "page.properties_updated"
        ? `${subscription.subscriptionId}|${payload.type}|${payload.entity.id}`
        : `${subscription.subscriptionId}|${payload.id}`;
    const waiting = this.#pending.get(key);
    if (waiting?.payload.type === "page.properties_updated" && payload.type === "page.properties_updated") {
      waiting.payload = mergeUpdates(waiting.payload, payload);
      return;
    }
    const timer = setTimeout(() => {
      this.#pending.delete(key);
      this.#attempt(subscription, payload, 1);
    }, subscription.delayMs);
    timer.unref();
    this.#pending.set(key, { subscription, payload, timer });
  }

  #attempt(subscription: Subscription, payload: WebhookPayload, attempt: number): void {
    const body = JSON.stringify({ ...payload, attempt_number: attempt });
    const signature = notionSignature(body, subscription.verificationToken);
    const sending = this.#post(subscription, body, { "x-notion-signature": signature }).then((outcome) => {
      this.#record({
        subscriptionId: subscription.subscriptionId,
        eventId: payload.id,
        type: payload.type,
        attempt,
        ...outcome,
        body,
        signature,
      });
      const delivered = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
      if (delivered || attempt >= subscription.maxAttempts || this.#abort.signal.aborted) return;
      if (!this.#subscriptions.has(subscription.subscriptionId)) return;
      const retry = setTimeout(
        () => {
          this.#retries.delete(retry);
          this.#attempt(subscription, payload, attempt + 1);
        },
        subscription.retryBaseMs * 2 ** (attempt - 1),
      );
      retry.unref();
      this.#retries.add(retry);
    });
    this.#inFlight.add(sending);
    void sending.finally(() => this.#inFlight.delete(sending));
  }

  async #sendVerification(subscription: Subscription): Promise<number | null> {
    const body = JSON.stringify({ verification_token: subscription.verificationToken });
    const outcome = await this.#post(subscription, body, {});
    this.#record({
      subscriptionId: subscription.subscriptionId,
      eventId: null,
      type: "verification",
      attempt: 1,
      ...outcome,
      body: null,
      signature: null,
    });
    return outcome.status;
  }

  async #post(
    subscription: Subscription,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number | null; error: string | null; sentAt: string; durationMs: number }> {
    const sentAt = new Date(this.clock.now()).toISOString();
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
    try {
      const response = await fetch(subscription.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "notion-api", ...headers },
        body,
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      await response.arrayBuffer();
      return { status: response.status, error: null, sentAt, durationMs: elapsed() };
    } catch (error) {
      // A receiver that is down is an outcome to log and retry, not a sandbox failure.
      return {
        status: null,
        error: error instanceof Error ? error.message : String(error),
        sentAt,
        durationMs: elapsed(),
      };
    }
  }

  #record(entry: WebhookDelivery): void {
    this.#log.push(entry);
    if (this.#log.length > MAX_LOG_ENTRIES) this.#log.splice(0, this.#log.length - MAX_LOG_ENTRIES);
  }

  #principal(subscription: Subscription): Principal | null | "revoked" {
    if (subscription.tokenHash === null) return null;
    const token = this.store.tokens.get(subscription.tokenHash);
    const bot = token ? this.store.users.get(token.botUserId) : undefined;
    if (!token || !bot || token.revokedAt !== null) return "revoked";
    return { token, bot };
  }

  #visible(principal: Principal, event: WorkspaceEvent): boolean {
    if (event.type === "data_source.schema_updated") {
      const dataSource = this.store.dataSources.get(event.dataSourceId);
      return dataSource !== undefined && canSeeDataSource(this.store, principal, dataSource);
    }
    const page = this.store.pages.get(event.pageId);
    return page !== undefined && canSeePage(this.store, principal, page);
  }

  #accessibleBy(subscription: Subscription): WebhookActor[] {
    const people = [...this.store.users.values()]
      .filter((user) => user.kind === "person")
      .map((user) => actor(this.store, user.id));
    return subscription.tokenHash === null
      ? people
      : [...people, { id: subscription.integrationId, type: "bot" }];
  }

  /** Notion names the properties a schema change touched; the sandbox diffs against what it saw last. */
  #schemaChange(dataSourceId: string): SchemaChange[] | undefined {
    const before = this.#schemas.get(dataSourceId);
    this.#rememberSchema(dataSourceId);
    const after = this.#schemas.get(dataSourceId);
    return before && after ? schemaChanges(before, after) : undefined;
  }

  #rememberSchema(dataSourceId: string): void {
    const dataSource = this.store.dataSources.get(dataSourceId);
    if (dataSource) this.#schemas.set(dataSourceId, structuredClone(dataSource.properties));
  }
}

function info(subscription: Subscription): WebhookSubscriptionInfo {
  const { subscriptionId, url, integrationId, eventTypes, verified } = subscription;
  return { subscriptionId, url, integrationId, eventTypes: [...eventTypes], verified };
}

/** Two property updates of one page in the delivery window become one event, as Notion sends them. */
function mergeUpdates<Payload extends Extract<WebhookPayload, { type: "page.properties_updated" }>>(
  first: Payload,
  next: Payload,
): Payload {
  const authors = [...first.authors];
  for (const author of next.authors) {
    if (!authors.some((known) => known.id === author.id)) authors.push(author);
  }
  return {
    ...first,
    timestamp: next.timestamp,
    authors,
    data: {
      ...first.data,
      updated_properties: [...new Set([...first.data.updated_properties, ...next.data.updated_properties])],
    },
  };
}
