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
  it("tests the connection on users/me and labels it with the Notion workspace name", async () => {
    const me = await live.appTester(authentication.test, { authData: live.authData });
    expect(me).toMatchObject({ object: "user", type: "bot", bot: { workspace_name: live.workspaceName } });
    const label = await live.appTester(authentication.connectionLabel, {
      authData: live.authData,
      inputData: me as Record<string, unknown>,
    });
    expect(label).toBe(live.workspaceName);
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
      live.workspaceName,
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
});
