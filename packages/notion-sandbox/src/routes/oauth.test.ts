import { APIErrorCode, Client, isHTTPResponseError, isNotionClientError } from "@notionhq/client";
import { afterEach, describe, expect, it } from "vitest";
import { createControlClient } from "../control/http-client";
import type { OAuthClientCredentials } from "../oauth/registry";
import { type RunningSandbox, startSandbox } from "../sandbox";
import type { WorkspaceSeedResult } from "../seed/workspace-seed";
import { sdkClient } from "../testing/sdk-sandbox";

const REDIRECT = "https://app.example/notion/callback";

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function setup(): Promise<{
  sandbox: RunningSandbox;
  seed: WorkspaceSeedResult;
  notion: Client;
  client: OAuthClientCredentials;
}> {
  sandbox = await startSandbox({ rateLimit: false });
  const seed = await sandbox.control.seedWorkspace({
    workspaceName: "Acme Marketing",
    people: [{ name: "Grace Hopper", email: "grace@example.com" }],
    pages: [{ title: "Campaigns" }],
    databases: [
      { title: "Spring Links", properties: { Name: { title: {} } }, rows: [{ Name: "Spring sale" }] },
      { title: "Private Links", properties: { Name: { title: {} } }, rows: [{ Name: "Secret" }] },
    ],
  });
  const client = await sandbox.control.createOAuthClient({ name: "Linksync", redirectUris: [REDIRECT] });
  const notion = new Client({ baseUrl: sandbox.baseUrl, retry: false, logger: () => {} });
  return { sandbox, seed, notion, client };
}

function database(seed: WorkspaceSeedResult, title: string) {
  const found = seed.databases[title];
  if (!found) throw new Error(`seed has no database ${title}`);
  return found;
}

function codeOf(location: string): string {
  const code = new URL(location).searchParams.get("code");
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

describe("OAuth", () => {
  it("exchanges a consented code for a token that sees only the granted database", async () => {
    const { sandbox, seed, notion, client } = await setup();
    const spring = database(seed, "Spring Links");
    const location = await sandbox.control.authorize({
      clientId: client.clientId,
      redirectUri: REDIRECT,
      state: "s-123",
      grant: [spring.databaseId],
    });
    expect(location.startsWith(`${REDIRECT}?`)).toBe(true);
    expect(new URL(location).searchParams.get("state")).toBe("s-123");

    const token = await notion.oauth.token({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      grant_type: "authorization_code",
      code: codeOf(location),
      redirect_uri: REDIRECT,
    });
    expect(Object.keys(token).sort()).toEqual(
      [
        "access_token",
        "bot_id",
        "duplicated_template_id",
        "owner",
        "refresh_token",
        "request_id",
        "token_type",
        "workspace_icon",
        "workspace_id",
        "workspace_name",
      ].sort(),
    );
    expect(token).toMatchObject({
      token_type: "bearer",
      workspace_name: "Acme Marketing",
      duplicated_template_id: null,
      owner: {
        type: "user",
        user: { object: "user", type: "person", person: { email: "grace@example.com" } },
      },
    });

    expect(token.bot_id).toBe(client.botId);
    const installed = sdkClient(sandbox, token.access_token);
    expect((await installed.users.me({})).id).toBe(token.bot_id);
    const rows = await installed.dataSources.query({ data_source_id: spring.dataSourceId });
    expect(rows.results).toHaveLength(1);
    const hidden = await failure(
      installed.dataSources.retrieve({ data_source_id: database(seed, "Private Links").dataSourceId }),
    );
    expect(isNotionClientError(hidden) && hidden.code).toBe(APIErrorCode.ObjectNotFound);
    const hiddenRow = await failure(
      installed.pages.retrieve({ page_id: database(seed, "Private Links").pageIds[0] ?? "" }),
    );
    expect(isNotionClientError(hiddenRow) && hiddenRow.code).toBe(APIErrorCode.ObjectNotFound);
    const search = await installed.search({});
    expect(search.results.map((result) => result.id)).not.toContain(
      database(seed, "Private Links").dataSourceId,
    );
  });

  it("serves an HTML consent screen whose form redirects with a code, driven by fetch", async () => {
    const { sandbox, seed, notion, client } = await setup();
    const spring = database(seed, "Spring Links");
    const authorizeUrl = new URL("/v1/oauth/authorize", sandbox.baseUrl);
    authorizeUrl.search = new URLSearchParams({
      client_id: client.clientId,
      redirect_uri: REDIRECT,
      response_type: "code",
      owner: "user",
      state: "xyz",
    }).toString();
    const page = await fetch(authorizeUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    for (const text of [
      "Acme Marketing",
      "Linksync",
      "Spring Links",
      "Private Links",
      "Campaigns",
      "Allow",
      "Cancel",
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toContain(`type="checkbox" name="grant" value="${spring.databaseId}"`);
    const consentId = /name="consent_id" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? "";

    const answer = await fetch(new URL(action, sandbox.baseUrl), {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([
        ["consent_id", consentId],
        ["grant", spring.databaseId],
        ["decision", "allow"],
      ]).toString(),
    });
    expect(answer.status).toBe(302);
    const location = answer.headers.get("location") ?? "";
    expect(new URL(location).searchParams.get("state")).toBe("xyz");
    const token = await notion.oauth.token({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      grant_type: "authorization_code",
      code: codeOf(location),
      redirect_uri: REDIRECT,
    });
    const rows = await sdkClient(sandbox, token.access_token).dataSources.query({
      data_source_id: spring.dataSourceId,
    });
    expect(rows.results).toHaveLength(1);

    const replay = await fetch(new URL(action, sandbox.baseUrl), {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ consent_id: consentId, decision: "allow" }).toString(),
    });
    expect(replay.status).toBe(400);
  });

  it("redirects with error=access_denied and the state when the person cancels", async () => {
    const { sandbox, client } = await setup();
    const url = `${sandbox.baseUrl}/v1/oauth/authorize?client_id=${client.clientId}&response_type=code&owner=user&state=st`;
    const html = await (await fetch(url)).text();
    const consentId = /name="consent_id" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const answer = await fetch(`${sandbox.baseUrl}/v1/oauth/authorize`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `consent_id=${consentId}&decision=cancel`,
    });
    const location = new URL(answer.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(Object.fromEntries(location.searchParams)).toEqual({ error: "access_denied", state: "st" });
  });

  it("refuses an unregistered redirect_uri on a page instead of redirecting", async () => {
    const { sandbox, client } = await setup();
    const answer = await fetch(
      `${sandbox.baseUrl}/v1/oauth/authorize?client_id=${client.clientId}&response_type=code&owner=user&redirect_uri=${encodeURIComponent("https://evil.example/cb")}`,
      { redirect: "manual" },
    );
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain("not one of the integration&#39;s registered redirect URIs");
  });

  it("accepts a code once, and not after 10 minutes", async () => {
    const { sandbox, notion, client } = await setup();
    const exchange = (code: string) =>
      notion.oauth.token({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        grant_type: "authorization_code",
        code,
        redirect_uri: REDIRECT,
      });
    const code = codeOf(
      await sandbox.control.authorize({ clientId: client.clientId, redirectUri: REDIRECT, grant: "all" }),
    );
    await exchange(code);
    const reused = await failure(exchange(code));
    expect(isHTTPResponseError(reused) && reused.status).toBe(400);
    expect(isHTTPResponseError(reused) && JSON.parse(reused.body)).toMatchObject({ error: "invalid_grant" });

    const late = codeOf(
      await sandbox.control.authorize({ clientId: client.clientId, redirectUri: REDIRECT, grant: "all" }),
    );
    await sandbox.control.advanceClock(10 * 60_000 + 1);
    const expired = await failure(exchange(late));
    expect(isHTTPResponseError(expired) && JSON.parse(expired.body).error_description).toMatch(/expired/);
  });

  it("answers 401 invalid_client for a wrong client secret", async () => {
    const { sandbox, notion, client } = await setup();
    const code = codeOf(await sandbox.control.authorize({ clientId: client.clientId, grant: "all" }));
    const refused = await failure(
      notion.oauth.token({
        client_id: client.clientId,
        client_secret: "secret_wrong",
        grant_type: "authorization_code",
        code,
      }),
    );
    expect(isHTTPResponseError(refused) && refused.status).toBe(401);
    expect(isHTTPResponseError(refused) && JSON.parse(refused.body)).toMatchObject({
      error: "invalid_client",
    });
  });

  it("rotates refresh tokens, introspects, and revokes so the API answers 401", async () => {
    const { sandbox, notion, client } = await setup();
    const credentials = { client_id: client.clientId, client_secret: client.clientSecret };
    const code = codeOf(await sandbox.control.authorize({ clientId: client.clientId, grant: "all" }));
    const first = await notion.oauth.token({ ...credentials, grant_type: "authorization_code", code });
    const refreshToken = first.refresh_token ?? "";
    const second = await notion.oauth.token({
      ...credentials,
      grant_type: "refresh_token",
      refresh_token: refreshToken,
    });
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.bot_id).toBe(first.bot_id);
    const reused = await failure(
      notion.oauth.token({ ...credentials, grant_type: "refresh_token", refresh_token: refreshToken }),
    );
    expect(isHTTPResponseError(reused) && reused.status).toBe(400);

    const active = await notion.oauth.introspect({ ...credentials, token: second.access_token });
    expect(active).toMatchObject({ active: true, scope: expect.stringContaining("read_content") });
    expect(typeof active.iat).toBe("number");

    await notion.oauth.revoke({ ...credentials, token: second.access_token });
    expect(await notion.oauth.introspect({ ...credentials, token: second.access_token })).toMatchObject({
      active: false,
    });
    const revoked = await failure(sdkClient(sandbox, second.access_token).users.me({}));
    expect(isNotionClientError(revoked) && revoked.code).toBe(APIErrorCode.Unauthorized);
    expect((await sdkClient(sandbox, first.access_token).users.me({})).id).toBe(first.bot_id);
  });

  it("serves the OAuth, webhook and Link Preview control operations over HTTP", async () => {
    const { sandbox } = await setup();
    const control = createControlClient(sandbox.baseUrl);
    const client = await control.createOAuthClient({ redirectUris: [REDIRECT] });
    const location = await control.authorize({ clientId: client.clientId, grant: "all", state: "http" });
    expect(new URL(location).searchParams.get("state")).toBe("http");
    expect(await control.webhookSubscriptions()).toEqual([]);
    expect(await control.linkPreviews()).toEqual([]);
    await expect(control.authorize({ clientId: "unknown", grant: "all" })).rejects.toThrow(
      /No integration has the client ID/,
    );
  });
});
