import { FakeClock } from "@linksync/core";
import { describe, expect, it } from "vitest";
import { type AuthorizeParams, authorizeThroughLoopback, CALLBACK_PATH } from "./loopback-oauth";
import { pkceChallenge } from "./pkce";

/** Plays the system browser: receives the authorize URL and follows the redirect the test chooses. */
function browser(respond: (params: AuthorizeParams) => Record<string, string> | null) {
  const seen: { url: string; status?: number; page?: string }[] = [];
  let params: AuthorizeParams | null = null;
  return {
    seen,
    params: () => params,
    authorizeUrl: (given: AuthorizeParams) => {
      params = given;
      const url = new URL("https://api.notion.com/v1/oauth/authorize");
      url.searchParams.set("redirect_uri", given.redirectUri);
      url.searchParams.set("state", given.state);
      if (given.codeChallenge) url.searchParams.set("code_challenge", given.codeChallenge);
      return url.href;
    },
    open: async (url: string) => {
      const entry: { url: string; status?: number; page?: string } = { url };
      seen.push(entry);
      const redirect = params ? respond(params) : null;
      if (!redirect || !params) return;
      const callback = new URL(params.redirectUri);
      for (const [key, value] of Object.entries(redirect)) callback.searchParams.set(key, value);
      const response = await fetch(callback);
      entry.status = response.status;
      entry.page = await response.text();
    },
  };
}

describe("loopback OAuth (RFC 8252)", () => {
  it("receives the code on 127.0.0.1 at an OS-assigned port, then closes the server", async () => {
    const fake = browser((params) => ({ code: "code-123", state: params.state }));
    const result = await authorizeThroughLoopback({ authorizeUrl: fake.authorizeUrl, open: fake.open });
    expect(result.code).toBe("code-123");
    expect(result.redirectUri).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+${CALLBACK_PATH}$`));
    expect(result.codeVerifier).toBeNull();
    expect(fake.seen[0]?.status).toBe(200);
    expect(fake.seen[0]?.page).toContain("You can close this tab");
    await expect(fetch(result.redirectUri)).rejects.toThrow();
  });

  it("sends an S256 challenge and returns its verifier for the broker flow", async () => {
    const fake = browser((params) => ({ code: "code-xyz", state: params.state }));
    const result = await authorizeThroughLoopback({
      authorizeUrl: fake.authorizeUrl,
      open: fake.open,
      pkce: true,
    });
    expect(result.codeVerifier).toMatch(/^[\w-]{43}$/);
    expect(fake.params()?.codeChallenge).toBe(pkceChallenge(result.codeVerifier ?? ""));
  });

  it("turns away answers with a wrong or missing state and keeps waiting for the real callback", async () => {
    const clock = new FakeClock();
    const fake = browser(() => null);
    const attempt = authorizeThroughLoopback({ authorizeUrl: fake.authorizeUrl, open: fake.open, clock });
    while (!fake.params()) await new Promise((resolve) => setImmediate(resolve));
    const redirectUri = fake.params()?.redirectUri ?? "";
    const stray = async (query: Record<string, string>) => {
      const url = new URL(redirectUri);
      for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
      const response = await fetch(url);
      return { status: response.status, page: await response.text() };
    };
    // Any web page can hit the fixed own-integration port: forged and state-less answers change nothing.
    const forged = await stray({ code: "stolen", state: "forged" });
    expect(forged.status).toBe(400);
    expect(forged.page).toContain("does not belong to the connection Linksync started");
    expect((await stray({ error: "access_denied" })).status).toBe(400);
    expect((await stray({})).status).toBe(400);
    await clock.advance(4 * 60_000);
    const real = await stray({ code: "code-real", state: fake.params()?.state ?? "" });
    expect(real.status).toBe(200);
    expect((await attempt).code).toBe("code-real");
  });

  it("still gives up at its timeout when only stray answers came", async () => {
    const clock = new FakeClock();
    const fake = browser(() => ({ code: "stolen", state: "forged" }));
    const attempt = authorizeThroughLoopback({ authorizeUrl: fake.authorizeUrl, open: fake.open, clock });
    const outcome = attempt.then(
      () => null,
      (error: unknown) => error,
    );
    while (fake.seen[0]?.status === undefined) await new Promise((resolve) => setImmediate(resolve));
    expect(fake.seen[0]?.status).toBe(400);
    await clock.advance(5 * 60_000);
    expect(await outcome).toMatchObject({ code: "timeout" });
  });

  it("says the user cancelled when Notion answers access_denied", async () => {
    const fake = browser((params) => ({ error: "access_denied", state: params.state }));
    const failure = authorizeThroughLoopback({ authorizeUrl: fake.authorizeUrl, open: fake.open });
    await expect(failure).rejects.toMatchObject({
      code: "access_denied",
      message: "You cancelled the connection in Notion. Click Connect whenever you are ready.",
    });
    expect(fake.seen[0]?.page).toContain("You cancelled the connection in Notion");
  });

  it("reports other errors with Notion's own description", async () => {
    const fake = browser((params) => ({
      error: "server_error",
      error_description: "try later",
      state: params.state,
    }));
    await expect(
      authorizeThroughLoopback({ authorizeUrl: fake.authorizeUrl, open: fake.open }),
    ).rejects.toMatchObject({
      code: "authorization_failed",
      message: "Notion refused the connection (server_error: try later). Click Connect to try again.",
    });
  });

  it("gives up after 5 minutes without an answer and stops listening", async () => {
    const clock = new FakeClock();
    const fake = browser(() => null);
    const attempt = authorizeThroughLoopback({ authorizeUrl: fake.authorizeUrl, open: fake.open, clock });
    const outcome = attempt.then(
      () => null,
      (error: unknown) => error,
    );
    while (!fake.params()) await new Promise((resolve) => setImmediate(resolve));
    await clock.advance(5 * 60_000 - 1);
    await new Promise((resolve) => setImmediate(resolve));
    const pending = await Promise.race([outcome, Promise.resolve("pending")]);
    expect(pending).toBe("pending");
    await clock.advance(1);
    expect(await outcome).toMatchObject({ code: "timeout" });
    await expect(fetch(fake.params()?.redirectUri ?? "")).rejects.toThrow();
  });

  it("ignores stray requests (a favicon) and still takes the real callback", async () => {
    const fake = browser((params) => ({ code: "ok", state: params.state }));
    const open = async (url: string) => {
      const params = fake.params();
      if (params) expect((await fetch(new URL("/favicon.ico", params.redirectUri))).status).toBe(404);
      await fake.open(url);
    };
    await expect(authorizeThroughLoopback({ authorizeUrl: fake.authorizeUrl, open })).resolves.toMatchObject({
      code: "ok",
    });
  });
});
