import type { ControlMethods } from "../control/operations";
import type { SandboxServices } from "../server/services";
import type {
  CreatedWebhookSubscription,
  WebhookDelivery,
  WebhookSubscriptionInfo,
  WebhookSubscriptionOptions,
} from "./dispatcher";

export interface WebhookControlOperations {
  /** Registers the URL and POSTs `{ verification_token }` to it before answering. */
  createWebhookSubscription: {
    args: [options: WebhookSubscriptionOptions];
    result: CreatedWebhookSubscription;
  };
  /** Confirms the token the URL received; events are delivered from then on. */
  verifyWebhookSubscription: {
    args: [subscriptionId: string, verificationToken: string];
    result: WebhookSubscriptionInfo;
  };
  resendWebhookVerification: { args: [subscriptionId: string]; result: { status: number | null } };
  deleteWebhookSubscription: { args: [subscriptionId: string]; result: { deleted: boolean } };
  webhookSubscriptions: { args: []; result: WebhookSubscriptionInfo[] };
  /** Every HTTP attempt, oldest first (the newest 5,000). */
  webhookDeliveries: { args: [subscriptionId?: string]; result: WebhookDelivery[] };
  /** Sends every waiting event now, without waiting out the delay, and waits for those requests. */
  flushWebhooks: { args: []; result: null };
}

export const WEBHOOK_CONTROL_OPERATION_NAMES = [
  "createWebhookSubscription",
  "verifyWebhookSubscription",
  "resendWebhookVerification",
  "deleteWebhookSubscription",
  "webhookSubscriptions",
  "webhookDeliveries",
  "flushWebhooks",
] as const satisfies readonly (keyof WebhookControlOperations)[];

export function createWebhookControl({
  webhooks,
}: SandboxServices): ControlMethods<WebhookControlOperations> {
  return {
    createWebhookSubscription: async (options) => webhooks.subscribe(options),
    verifyWebhookSubscription: async (subscriptionId, verificationToken) =>
      webhooks.verify(subscriptionId, verificationToken),
    resendWebhookVerification: async (subscriptionId) => ({
      status: await webhooks.resendVerification(subscriptionId),
    }),
    deleteWebhookSubscription: async (subscriptionId) => ({ deleted: webhooks.remove(subscriptionId) }),
    webhookSubscriptions: async () => webhooks.subscriptions(),
    webhookDeliveries: async (subscriptionId) => webhooks.deliveries(subscriptionId),
    flushWebhooks: async () => {
      await webhooks.flush();
      return null;
    },
  };
}
