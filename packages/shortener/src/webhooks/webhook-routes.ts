import { requestAccount } from "../accounts/request-account";
import type { Route } from "../api/router";
import { ShortenerError } from "../errors/shortener-error";
import type { WebhookSubscriptions } from "./webhook-subscriptions";

export const DEFAULT_DELIVERY_PAGE = 50;

/** `/api/webhooks`: the calling account's subscriptions and their delivery logs. */
export function webhookRoutes(subscriptions: WebhookSubscriptions): readonly Route<object>[] {
  return [
    {
      method: "POST",
      path: "/api/webhooks",
      handle: async ({ body }) => ({
        status: 201,
        body: await subscriptions.create(requestAccount().id, body),
      }),
    },
    {
      method: "GET",
      path: "/api/webhooks",
      handle: async () => ({
        status: 200,
        body: { webhooks: await subscriptions.list(requestAccount().id) },
      }),
    },
    {
      method: "GET",
      path: "/api/webhooks/:id",
      handle: async ({ params }) => ({
        status: 200,
        body: await subscriptions.get(requestAccount().id, params.id!),
      }),
    },
    {
      method: "DELETE",
      path: "/api/webhooks/:id",
      handle: async ({ params }) => {
        await subscriptions.remove(requestAccount().id, params.id!);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      path: "/api/webhooks/:id/resume",
      handle: async ({ params }) => ({
        status: 200,
        body: await subscriptions.resume(requestAccount().id, params.id!),
      }),
    },
    {
      method: "GET",
      path: "/api/webhooks/:id/deliveries",
      handle: async ({ params, query }) => ({
        status: 200,
        body: {
          deliveries: await subscriptions.deliveries(
            requestAccount().id,
            params.id!,
            pageSize(query.get("limit")),
          ),
        },
      }),
    },
  ];
}

function pageSize(value: string | null): number {
  if (value === null || value === "") return DEFAULT_DELIVERY_PAGE;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new ShortenerError("invalid_input", "limit must be a whole number from 1 to 100.");
  }
  return limit;
}
