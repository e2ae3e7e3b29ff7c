import { describe, expect, it } from "vitest";
import type { WebhookAttempt } from "./delivery-attempt";
import { deliveryAfterAttempt, webhookPauseReason } from "./delivery-outcome";
import type { WebhookRetryPolicy } from "./retry-policy";

const policy: WebhookRetryPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 4_000,
  maxAttempts: 3,
  pauseAfterFailures: 2,
};
const ok: WebhookAttempt = { at: "2026-06-01T00:00:00.000Z", status: 200, error: null, durationMs: 5 };
const failed: WebhookAttempt = { ...ok, status: 500, error: "HTTP 500" };

describe("deliveryAfterAttempt", () => {
  it("is delivered on a 2xx, whatever the attempts before", () => {
    expect(deliveryAfterAttempt(ok, 3, policy)).toEqual({ state: "delivered", retryInMs: null });
  });

  it("retries a failure on the policy's back-off, then gives up after the last attempt", () => {
    expect(deliveryAfterAttempt(failed, 1, policy)).toEqual({ state: "pending", retryInMs: 1_000 });
    expect(deliveryAfterAttempt(failed, 2, policy)).toEqual({ state: "pending", retryInMs: 2_000 });
    expect(deliveryAfterAttempt(failed, 3, policy)).toEqual({ state: "failed", retryInMs: null });
  });
});

describe("webhookPauseReason", () => {
  it("pauses once the failures in a row reach the policy's limit, naming the last error and what to do", () => {
    expect(webhookPauseReason(1, "HTTP 500", policy)).toBeNull();
    expect(webhookPauseReason(2, "HTTP 500", policy)).toBe(
      "Paused after 2 failed deliveries in a row (last: HTTP 500). Fix the receiver, then resume the webhook.",
    );
    expect(webhookPauseReason(2, "The receiver answered HTTP 503.", policy)).toBe(
      "Paused after 2 failed deliveries in a row (last: The receiver answered HTTP 503). Fix the receiver, then resume the webhook.",
    );
  });
});
