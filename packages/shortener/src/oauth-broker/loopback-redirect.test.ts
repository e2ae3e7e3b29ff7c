import { describe, expect, it } from "vitest";
import { loopbackRedirectProblem } from "./loopback-redirect";
import { isS256Challenge, s256Challenge, verifierMatches } from "./pkce";

describe("loopbackRedirectProblem", () => {
  it.each([
    "http://127.0.0.1:53682/callback",
    "http://127.0.0.1/cb",
    "http://[::1]:61000/oauth?x=1",
  ])("accepts %s", (uri) => expect(loopbackRedirectProblem(uri)).toBeNull());

  it.each([
    ["https://evil.example/callback", /loopback/],
    ["http://localhost:53682/callback", /127\.0\.0\.1/],
    ["http://127.0.0.1.evil.example/cb", /127\.0\.0\.1/],
    ["http://10.0.0.5:8080/cb", /127\.0\.0\.1/],
    ["http://user:pw@127.0.0.1:1/cb", /credentials/],
    ["http://127.0.0.1:1/cb#frag", /fragment/],
    ["127.0.0.1:1/cb", /absolute/],
  ])("refuses %s", (uri, reason) => expect(loopbackRedirectProblem(uri)).toMatch(reason));
});

describe("PKCE S256", () => {
  it("matches RFC 7636's example and refuses another verifier", () => {
    const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    expect(s256Challenge(verifier)).toBe(challenge);
    expect(isS256Challenge(challenge)).toBe(true);
    expect(verifierMatches(verifier, challenge)).toBe(true);
    expect(verifierMatches(`${verifier}x`, challenge)).toBe(false);
    expect(verifierMatches("short", challenge)).toBe(false);
  });
});
