import { DEFAULT_WEBHOOK_RETRY_POLICY, type WebhookRetryPolicy } from "@linksync/webhook-protocol";
import type { WebhookTargets } from "./webhook-targets";

export interface WebhookOptions extends Partial<WebhookRetryPolicy> {
  /** How often due retries and finished click minutes are looked for (ms). Default 1000. */
  readonly pollIntervalMs?: number;
  /** How long a receiver may take to answer (ms). Default 10,000. */
  readonly timeoutMs?: number;
  /**
   * `public` (https to public addresses, resolved again at each delivery; the default) or `any` (also http and
   * private addresses), the explicit local-development setting (`LINKSYNC_WEBHOOK_TARGETS=any` for the bin): a
   * receiver on your own machine or network.
   */
  readonly targets?: WebhookTargets;
}

export interface ResolvedWebhookOptions {
  readonly policy: WebhookRetryPolicy;
  readonly targets: WebhookTargets;
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
}

export function resolveWebhookOptions(options: WebhookOptions = {}): ResolvedWebhookOptions {
  const { pollIntervalMs = 1000, timeoutMs = 10_000, targets = "public", ...policy } = options;
  if (targets !== "public" && targets !== "any")
    throw new Error('webhooks.targets must be "public" or "any".');
  const resolved = { policy: { ...DEFAULT_WEBHOOK_RETRY_POLICY, ...policy }, pollIntervalMs, timeoutMs };
  for (const [name, value] of Object.entries({ ...resolved.policy, pollIntervalMs, timeoutMs })) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`webhooks.${name} must be a positive number.`);
  }
  return { ...resolved, targets };
}
