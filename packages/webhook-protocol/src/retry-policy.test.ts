import { describe, expect, it } from "vitest";
import { DEFAULT_WEBHOOK_RETRY_POLICY, shouldPauseWebhook, webhookRetryDelayMs } from "./retry-policy";

describe("webhook retry policy", () => {
  it("doubles the wait from 30 s up to 2 h and spreads the default attempts over hours", () => {
    const delays: number[] = [];
    for (let made = 1; ; made++) {
      const delay = webhookRetryDelayMs(made, DEFAULT_WEBHOOK_RETRY_POLICY);
      if (delay === null) break;
      delays.push(delay);
    }
    expect(delays.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(delays.at(-1)).toBe(2 * 60 * 60_000);
    expect(delays).toHaveLength(DEFAULT_WEBHOOK_RETRY_POLICY.maxAttempts - 1);
    const totalHours = delays.reduce((sum, delay) => sum + delay, 0) / 3_600_000;
    expect(totalHours).toBeGreaterThan(6);
    expect(totalHours).toBeLessThan(10);
  });

  it("pauses at the configured number of failures in a row", () => {
    expect(shouldPauseWebhook(19, DEFAULT_WEBHOOK_RETRY_POLICY)).toBe(false);
    expect(shouldPauseWebhook(20, DEFAULT_WEBHOOK_RETRY_POLICY)).toBe(true);
  });
});
