import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signLinksyncPayload, verifyLinksyncSignature } from "./signature";

describe("Linksync-Signature (the wire format of the engine's and the shortener's webhooks)", () => {
  const secret = "whsec_test";
  const at = 1_790_000_000;

  for (const body of ['{"type":"conflict"}', '{"type":"link.created"}']) {
    describe(`for the body ${body}`, () => {
      it("is t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'> keyed by the secret", () => {
        const expected = createHmac("sha256", secret).update(`${at}.${body}`).digest("hex");
        expect(signLinksyncPayload(body, secret, at)).toBe(`t=${at},v1=${expected}`);
      });

      it("verifies within five minutes and refuses a replay, another body, another secret or a garbled header", () => {
        const header = signLinksyncPayload(body, secret, at);
        expect(verifyLinksyncSignature(body, header, secret, { now: at * 1000 + 60_000 })).toBe(true);
        expect(
          verifyLinksyncSignature(new TextEncoder().encode(body), header, secret, { now: at * 1000 }),
        ).toBe(true);
        expect(verifyLinksyncSignature(Buffer.from(body), header, secret, { now: at * 1000 })).toBe(true);
        expect(verifyLinksyncSignature(body, header, secret, { now: at * 1000 + 301_000 })).toBe(false);
        expect(verifyLinksyncSignature(`${body} `, header, secret, { now: at * 1000 })).toBe(false);
        expect(verifyLinksyncSignature(body, header, "whsec_other", { now: at * 1000 })).toBe(false);
        expect(verifyLinksyncSignature(body, undefined, secret, { now: at * 1000 })).toBe(false);
        expect(verifyLinksyncSignature(body, "t=abc,v1=00", secret, { now: at * 1000 })).toBe(false);
      });
    });
  }

  it("accepts any matching v1 among several, for secret rotation", () => {
    const body = '{"type":"link.created"}';
    const header = signLinksyncPayload(body, secret, at);
    const withOld = `${header},v1=${"0".repeat(64)}`;
    expect(verifyLinksyncSignature(body, withOld, secret, { now: at * 1000 })).toBe(true);
  });
});
