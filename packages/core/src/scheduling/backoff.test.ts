import { describe, expect, it } from "vitest";
import { backoffDelayMs, DEFAULT_BACKOFF } from "./backoff";

describe("backoffDelayMs", () => {
  it("doubles from 250 ms and stops at 8 s", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 12].map((retry) =>
      backoffDelayMs(retry, DEFAULT_BACKOFF, () => 0.5),
    );
    expect(delays).toEqual([250, 500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it("moves each delay by at most the jitter fraction, never above the cap", () => {
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, () => 0)).toBe(200);
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, () => 0.999_999)).toBe(300);
    expect(backoffDelayMs(6, DEFAULT_BACKOFF, () => 0)).toBe(6_400);
    expect(backoffDelayMs(6, DEFAULT_BACKOFF, () => 0.999_999)).toBe(8_000);
  });
});
