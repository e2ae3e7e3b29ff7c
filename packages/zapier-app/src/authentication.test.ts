import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { authentication } from "./authentication";
import { type LiveServices, startLiveServices } from "./testing/live-services";
import { perform as newShortLinks } from "./triggers/new-short-link";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

describe("authentication", () => {
  it("tests Notion and the shortener, and labels the connection with the workspace and the shortener host", async () => {
    const me = await live.appTester(authentication.test, { authData: live.authData });
    expect(me).toMatchObject({ object: "user", type: "bot", bot: { workspace_name: live.workspaceName } });
    const label = await live.appTester(authentication.connectionLabel, {
      authData: live.authData,
      inputData: me as Record<string, unknown>,
    });
    expect(label).toBe(`${live.workspaceName} · ${new URL(live.shortener.url).host}`);
  });

  it("fails the connection test on a wrong shortener key, without echoing the key", async () => {
    const wrongKey = "not-the-shortener-key-42";
    const attempt = live.appTester(authentication.test, {
      authData: { ...live.authData, shortenerApiKey: wrongKey },
    });
    await expect(attempt).rejects.toThrow(/shortener refused the API key/);
    await expect(attempt).rejects.not.toThrow(wrongKey);
  });

  it("fails the connection test when the shortener cannot be reached", async () => {
    const closed = `http://127.0.0.1:${await unusedPort()}`;
    await expect(
      live.appTester(authentication.test, { authData: { ...live.authData, shortenerBaseUrl: closed } }),
    ).rejects.toThrow(/shortener could not be reached\. Zapier tries this step again in 60 seconds/);
    await expect(
      live.appTester(authentication.test, { authData: { ...live.authData, shortenerBaseUrl: closed } }),
    ).rejects.not.toThrow(/Linksync will retry/);
  });

  it("refuses a Shortener Base URL that is not https before sending the key (http only for loopback)", async () => {
    for (const shortenerBaseUrl of ["http://go.example.com", "ftp://go.example.com", "go.example.com"]) {
      await expect(
        live.appTester(authentication.test, { authData: { ...live.authData, shortenerBaseUrl } }),
      ).rejects.toThrow(/Shortener Base URL/);
    }
    expect(live.shortener.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });

  it("sends the user to Notion's consent page with the client id, redirect URI and state", async () => {
    process.env.CLIENT_ID = "linksync-client";
    const url = new URL(
      await live.appTester(authentication.oauth2Config.authorizeUrl, {
        inputData: {
          redirect_uri: REDIRECT,
          state: "s-1",
        },
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${live.sandbox.baseUrl}/v1/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: "linksync-client",
      response_type: "code",
      owner: "user",
      redirect_uri: REDIRECT,
      state: "s-1",
    });
  });

  it("asks Zapier to refresh when Notion rejects a revoked token", async () => {
    await live.sandbox.control.revokeToken(live.token);
    await expect(live.appTester(authentication.test, { authData: live.authData })).rejects.toMatchObject({
      name: "RefreshAuthError",
    });
  });

  it("refreshes a revoked token in an action when it can, and reports the connection expired when it cannot", async () => {
    await live.sandbox.control.revokeToken(live.token);
    const inputData = { dataSourceId: live.dataSourceId };
    await expect(
      live.appTester(newShortLinks, { authData: { ...live.authData, refresh_token: "r-1" }, inputData }),
    ).rejects.toMatchObject({ name: "RefreshAuthError" });
    const expired = live.appTester(newShortLinks, { authData: live.authData, inputData });
    await expect(expired).rejects.toMatchObject({ name: "ExpiredAuthError" });
    await expect(expired).rejects.not.toThrow(live.token);
  });
});

const REDIRECT = "https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/";

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What the person does in the browser: open our authorize URL, share the Linksync database, allow. */
async function consent(state: string): Promise<URL> {
  const authorizeUrl = await live.appTester(authentication.oauth2Config.authorizeUrl, {
    inputData: { redirect_uri: REDIRECT, state },
  });
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  const consentId = /name="consent_id" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  const answer = await fetch(authorizeUrl, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ consent_id: consentId, decision: "allow", grant: live.dataSourceId }),
  });
  return new URL(answer.headers.get("location") ?? "");
}

async function connect() {
  const back = await consent("s-42");
  expect(back.searchParams.get("state")).toBe("s-42");
  return live.appTester(authentication.oauth2Config.getAccessToken, {
    inputData: { code: back.searchParams.get("code") ?? "", redirect_uri: REDIRECT },
  });
}

describe("OAuth2 against Notion", () => {
  beforeEach(async () => {
    const client = await live.sandbox.control.createOAuthClient({
      name: "Linksync",
      redirectUris: [REDIRECT],
    });
    process.env.CLIENT_ID = client.clientId;
    process.env.CLIENT_SECRET = client.clientSecret;
  });

  it("exchanges the consented code (HTTP Basic client auth) for tokens labelled with the workspace", async () => {
    const tokens = await connect();
    expect(tokens).toMatchObject({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      workspace_name: live.workspaceName,
    });
    const authData = { ...live.authData, ...tokens };
    const me = await live.appTester(authentication.test, { authData });
    expect(await live.appTester(authentication.connectionLabel, { authData, inputData: me })).toBe(
      `${live.workspaceName} · ${new URL(live.shortener.url).host}`,
    );
    const links = await live.appTester(newShortLinks, {
      authData,
      inputData: { dataSourceId: live.dataSourceId },
    });
    expect(links).toEqual([]);
  });

  it("refreshes the access token, and reports the connection expired when the refresh token is spent", async () => {
    const tokens = await connect();
    const authData = { ...live.authData, ...tokens };
    const refreshed = await live.appTester(authentication.oauth2Config.refreshAccessToken, { authData });
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.workspace_name).toBe(live.workspaceName);
    await live.appTester(authentication.test, { authData: { ...authData, ...refreshed } });

    const spent = live.appTester(authentication.oauth2Config.refreshAccessToken, { authData });
    await expect(spent).rejects.toMatchObject({ name: "ExpiredAuthError" });
    await expect(spent).rejects.not.toThrow(tokens.refresh_token);
  });

  it("keeps the connection when Notion's token endpoint is throttled or failing: Zapier retries later", async () => {
    const tokens = await connect();
    const authData = { ...live.authData, ...tokens };
    const endpoint = "POST /v1/oauth/token";
    await live.sandbox.control.setFaults({ failNext: { count: 1, status: 503, endpoint } });
    const failing = live.appTester(authentication.oauth2Config.refreshAccessToken, { authData });
    await expect(failing).rejects.toMatchObject({ name: "ThrottledError" });
    await expect(failing).rejects.toThrow(/failing \(HTTP 503\); the connection is unchanged/);
    await live.sandbox.control.setFaults({ rateLimitNext: { count: 1, retryAfterSeconds: 7, endpoint } });
    const throttled = live.appTester(authentication.oauth2Config.refreshAccessToken, { authData });
    await expect(throttled).rejects.toMatchObject({ name: "ThrottledError" });
    await expect(throttled).rejects.toThrow(/"delay":7/);
    const refreshed = await live.appTester(authentication.oauth2Config.refreshAccessToken, { authData });
    expect(refreshed.access_token).toEqual(expect.any(String));
  });
});
