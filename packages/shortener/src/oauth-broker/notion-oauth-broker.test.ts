import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningShortener } from "../server/start-shortener";
import { FakeClock } from "../testing/fake-clock";
import { type HttpReceiver, startReceiver } from "../testing/http-receiver";
import { startTestShortenerOn } from "../testing/shortener-client";
import { TEST_ENGINES } from "../testing/test-database";
import type { OAuthBrokerOptions } from "./broker-options";
import { BROKER_PATHS } from "./broker-routes";
import { s256Challenge } from "./pkce";

const clientSecret = `secret_${randomBytes(16).toString("hex")}`;
const clock = new FakeClock();
let notion: HttpReceiver;
let broker: RunningShortener;

const brokerOptions = (): OAuthBrokerOptions => ({
  notionClientId: "notion-client-1",
  notionClientSecret: clientSecret,
  notionBaseUrl: notion.url,
});

beforeAll(async () => {
  notion = await startReceiver();
});
afterAll(async () => {
  await notion.close();
});
beforeEach(() => {
  notion.received.length = 0;
  notion.respond(() => ({
    status: 200,
    body: {
      access_token: "ntn_access_1",
      refresh_token: "ntn_refresh_1",
      token_type: "bearer",
      workspace_name: "Acme",
    },
  }));
});

const appRedirect = "http://127.0.0.1:53682/callback";

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: s256Challenge(verifier) };
}

async function get(path: string): Promise<Response> {
  return fetch(`${broker.url}${path}`, { redirect: "manual" });
}

async function post(
  path: string,
  body: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${broker.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Runs the browser's part: start → Notion authorize → the broker callback; returns where the app is sent. */
async function signIn(
  challenge: string,
  notionAnswer: Record<string, string> = { code: "notion-code-1" },
): Promise<URL> {
  const start = await get(
    `${BROKER_PATHS.start}?${new URLSearchParams({
      redirect_uri: appRedirect,
      state: "app-state-42",
      code_challenge: challenge,
      code_challenge_method: "S256",
    })}`,
  );
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get("location")!);
  expect(`${authorize.origin}${authorize.pathname}`).toBe(`${notion.url}/v1/oauth/authorize`);
  expect(authorize.searchParams.get("client_id")).toBe("notion-client-1");
  expect(authorize.searchParams.get("redirect_uri")).toBe(`${broker.url}${BROKER_PATHS.callback}`);
  expect(authorize.toString()).not.toContain(clientSecret);
  const brokerState = authorize.searchParams.get("state")!;
  expect(brokerState).not.toBe("app-state-42");

  const callback = await get(
    `${BROKER_PATHS.callback}?${new URLSearchParams({ ...notionAnswer, state: brokerState })}`,
  );
  expect(callback.status).toBe(302);
  return new URL(callback.headers.get("location")!);
}

describe.each(TEST_ENGINES)("Notion OAuth broker on %s", (engine) => {
  beforeAll(async () => {
    broker = await startTestShortenerOn(engine, { now: clock.now, oauthBroker: brokerOptions() });
  });
  afterAll(async () => {
    await broker.close();
  });

  it("turns a broker code and its PKCE verifier into Notion's token, calling Notion with HTTP Basic", async () => {
    const { verifier, challenge } = pkce();
    const back = await signIn(challenge);
    expect(`${back.origin}${back.pathname}`).toBe(appRedirect);
    expect(back.searchParams.get("state")).toBe("app-state-42");
    const code = back.searchParams.get("code")!;
    expect(code).toMatch(/^lsb_/);
    expect(code).not.toContain("notion-code-1");

    const exchanged = await post(BROKER_PATHS.exchange, { code, code_verifier: verifier });
    expect(exchanged).toEqual({
      status: 200,
      body: expect.objectContaining({ access_token: "ntn_access_1", refresh_token: "ntn_refresh_1" }),
    });
    expect(notion.received).toHaveLength(1);
    const [token] = notion.received;
    expect(token!.path).toBe("/v1/oauth/token");
    expect(token!.headers.authorization).toBe(
      `Basic ${Buffer.from(`notion-client-1:${clientSecret}`).toString("base64")}`,
    );
    expect(JSON.parse(token!.body)).toEqual({
      grant_type: "authorization_code",
      code: "notion-code-1",
      redirect_uri: `${broker.url}${BROKER_PATHS.callback}`,
    });
  });

  it("makes a stolen broker code useless without the verifier, and every code single-use", async () => {
    const { verifier, challenge } = pkce();
    const code = (await signIn(challenge)).searchParams.get("code")!;
    const thief = await post(BROKER_PATHS.exchange, { code, code_verifier: pkce().verifier });
    expect(thief).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(notion.received).toHaveLength(0);
    const late = await post(BROKER_PATHS.exchange, { code, code_verifier: verifier });
    expect(late).toMatchObject({ status: 400, body: { error: "invalid_grant" } });

    const second = pkce();
    const fresh = (await signIn(second.challenge)).searchParams.get("code")!;
    expect((await post(BROKER_PATHS.exchange, { code: fresh, code_verifier: second.verifier })).status).toBe(
      200,
    );
    const replay = await post(BROKER_PATHS.exchange, { code: fresh, code_verifier: second.verifier });
    expect(replay).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(notion.received).toHaveLength(1);
  });

  it("lets codes expire after five minutes", async () => {
    const { verifier, challenge } = pkce();
    const code = (await signIn(challenge)).searchParams.get("code")!;
    clock.advance(5 * 60_000 + 1);
    expect(await post(BROKER_PATHS.exchange, { code, code_verifier: verifier })).toMatchObject({
      status: 400,
      body: { error: "invalid_grant", error_description: expect.stringMatching(/expired/) },
    });
  });

  it("passes Cancel in Notion back to the app as access_denied with its state", async () => {
    const back = await signIn(pkce().challenge, { error: "access_denied" });
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("state")).toBe("app-state-42");
    expect(back.searchParams.get("code")).toBeNull();
  });

  it.each([
    "https://evil.example/callback",
    "http://localhost:53682/callback",
    "http://127.0.0.1.evil.example/cb",
  ])("refuses the non-loopback redirect_uri %s without redirecting", async (redirectUri) => {
    const answer = await get(
      `${BROKER_PATHS.start}?${new URLSearchParams({
        redirect_uri: redirectUri,
        state: "s",
        code_challenge: pkce().challenge,
        code_challenge_method: "S256",
      })}`,
    );
    expect(answer.status).toBe(400);
    expect(answer.headers.get("location")).toBeNull();
    expect(await answer.text()).toMatch(/127\.0\.0\.1|loopback/);
  });

  it("requires PKCE S256 and a state, answering the app on its loopback address", async () => {
    const plain = await get(
      `${BROKER_PATHS.start}?${new URLSearchParams({
        redirect_uri: "http://[::1]:4000/cb",
        state: "s1",
        code_challenge: "abc",
        code_challenge_method: "plain",
      })}`,
    );
    const location = new URL(plain.headers.get("location")!);
    expect(location.host).toBe("[::1]:4000");
    expect(location.searchParams.get("error")).toBe("invalid_request");
    expect(location.searchParams.get("state")).toBe("s1");
  });

  it("keeps a pending sign-in through a flood of anonymous starts: past the limit, starts are refused", async () => {
    const small = await startTestShortenerOn(engine, {
      oauthBroker: { ...brokerOptions(), maxPendingSignIns: 3 },
      abuseLimits: { brokerStarts: 1000 },
    });
    try {
      const start = () =>
        fetch(
          `${small.url}${BROKER_PATHS.start}?${new URLSearchParams({
            redirect_uri: appRedirect,
            state: "app-state-42",
            code_challenge: pkce().challenge,
            code_challenge_method: "S256",
          })}`,
          { redirect: "manual" },
        );
      const mine = await start();
      const brokerState = new URL(mine.headers.get("location")!).searchParams.get("state")!;
      const flood = [];
      for (let i = 0; i < 5; i++) flood.push((await start()).status);
      expect(flood).toEqual([302, 302, 503, 503, 503]);
      const callback = await fetch(
        `${small.url}${BROKER_PATHS.callback}?${new URLSearchParams({ code: "c", state: brokerState })}`,
        { redirect: "manual" },
      );
      expect(callback.status).toBe(302);
      expect(new URL(callback.headers.get("location")!).searchParams.get("code")).toMatch(/^lsb_/);
    } finally {
      await small.close();
    }
  });

  it("refuses an unknown or replayed callback state", async () => {
    const answer = await get(`${BROKER_PATHS.callback}?code=x&state=forged`);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toMatch(/expired or was already used/);
  });

  it("answers an unreadable body as invalid_request", async () => {
    const response = await fetch(`${broker.url}${BROKER_PATHS.exchange}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_request" });
  });

  it("refreshes through Notion and passes Notion's refusal on", async () => {
    const refreshed = await post(BROKER_PATHS.refresh, { refresh_token: "ntn_refresh_1" });
    expect(refreshed.status).toBe(200);
    expect(JSON.parse(notion.received[0]!.body)).toEqual({
      grant_type: "refresh_token",
      refresh_token: "ntn_refresh_1",
    });
    notion.respond(() => ({
      status: 400,
      body: { error: "invalid_grant", error_description: "Token revoked." },
    }));
    const refused = await post(BROKER_PATHS.refresh, { refresh_token: "ntn_refresh_old" });
    expect(refused).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(JSON.stringify(refused.body)).not.toContain(clientSecret);
  });
});
