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
          redirect_uri: "https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/",
          state: "s-1",
        },
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${live.sandbox.baseUrl}/v1/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: "linksync-client",
      response_type: "code",
      owner: "user",
      redirect_uri: "https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/",
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
