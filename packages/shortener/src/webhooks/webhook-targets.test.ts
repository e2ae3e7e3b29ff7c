import { isForbiddenAddress, type Resolve } from "@linksync/webhook-protocol";
import { afterAll, describe, expect, it } from "vitest";
import { call, type ErrorBody, startTestShortener } from "../testing/shortener-client";
import { deliveryTarget, subscriptionUrlProblem } from "./webhook-targets";

describe("webhook targets", () => {
  it.each([
    "http://example.com/hook",
    "https://127.0.0.1/hook",
    "https://2130706433/hook",
    "https://0x7f.1/hook",
    "https://017700000001/hook",
    "https://127.1/hook",
    "https://10.1.2.3/hook",
    "https://172.20.0.1/hook",
    "https://192.168.1.10/hook",
    "https://100.64.0.1/hook",
    "https://169.254.169.254/latest/meta-data",
    "https://0.0.0.0/hook",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[::ffff:a9fe:a9fe]/hook",
    "https://[fd00:ec2::254]/hook",
    "https://[fe80::1]/hook",
    "https://[::]/hook",
    "https://localhost/hook",
    "https://user:pw@example.com/hook",
  ])("refuses %s at subscribe time", (url) => {
    expect(subscriptionUrlProblem(url, "public")).not.toBeNull();
  });

  it("accepts a public https URL, and http or private ones only for local development", () => {
    expect(subscriptionUrlProblem("https://hooks.example.com/in", "public")).toBeNull();
    expect(subscriptionUrlProblem("https://8.8.8.8/in", "public")).toBeNull();
    expect(subscriptionUrlProblem("https://[2606:4700::1111]/in", "public")).toBeNull();
    expect(subscriptionUrlProblem("http://127.0.0.1:8080/in", "any")).toBeNull();
  });

  it("resolves the host at delivery time and refuses a name pointing inside, without connecting", async () => {
    const inside = async () => ["10.0.0.7"];
    const mixed = async () => ["93.184.216.34", "::1"];
    const outside = async () => ["93.184.216.34"];
    const failing = async (): Promise<string[]> => {
      throw new Error("ENOTFOUND");
    };
    const check = (url: string, targets: "public" | "any", resolve: Resolve) =>
      deliveryTarget(url, targets, resolve);
    expect((await check("https://hooks.example.com/in", "public", inside)).refusal).toMatch(/non-public/);
    expect((await check("https://hooks.example.com/in", "public", mixed)).refusal).toMatch(/non-public/);
    expect((await check("https://hooks.example.com/in", "public", failing)).refusal).toMatch(
      /did not resolve/,
    );
    // The checked address is the one the delivery connects to (no second lookup between check and connect).
    expect(await check("https://hooks.example.com/in", "public", outside)).toEqual({
      refusal: null,
      connectTo: "93.184.216.34",
    });
    expect(await check("http://127.0.0.1:9/in", "any", inside)).toEqual({ refusal: null, connectTo: null });
    expect(isForbiddenAddress("not an address")).toBe(true);
  });
});

describe("POST /api/webhooks on a server that only reaches public targets", () => {
  let shortener: Awaited<ReturnType<typeof startTestShortener>>;
  afterAll(() => shortener.close());

  it("answers 400 naming the problem for http and literal private addresses, by default even on loopback", async () => {
    // The embedded engine on 127.0.0.1, no webhook options: local development targets are never implied.
    shortener = await startTestShortener();
    for (const [url, message] of [
      ["http://hooks.example.com/in", /must be https/],
      ["https://169.254.169.254/latest", /169\.254\.169\.254, a loopback, private, link-local or reserved/],
      ["https://[::ffff:10.0.0.1]/x", /loopback, private/],
    ] as const) {
      const answer = await call<ErrorBody>(shortener, "POST", "/api/webhooks", {
        body: { url, events: ["link.created"] },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toMatch(message);
    }
    const ok = await call(shortener, "POST", "/api/webhooks", {
      body: { url: "https://hooks.example.com/in", events: ["link.created"] },
    });
    expect(ok.status).toBe(201);
  });
});
