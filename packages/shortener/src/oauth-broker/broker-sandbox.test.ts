import { randomBytes } from "node:crypto";
import type { RunningSandbox } from "@linksync/notion-sandbox";
import { Client } from "@notionhq/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningShortener } from "../server/start-shortener";
import { startBroker, startBrokerSandbox } from "./broker.fixture";
import { BROKER_PATHS } from "./broker-routes";
import { s256Challenge } from "./pkce";

let sandbox: RunningSandbox;
let broker: RunningShortener;
let clientId: string;

beforeAll(async () => {
  sandbox = await startBrokerSandbox();
  ({ broker, clientId } = await startBroker(sandbox));
});
afterAll(async () => {
  await broker.close();
  await sandbox.close();
});

async function exchange(path: string, body: Record<string, string>) {
  const response = await fetch(`${broker.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe("Notion OAuth broker against the sandbox", () => {
  it("connects the desktop app to Notion with PKCE, and the token works with the SDK", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const start = await fetch(
      `${broker.url}${BROKER_PATHS.start}?${new URLSearchParams({
        redirect_uri: "http://127.0.0.1:49152/callback",
        state: "desktop-state",
        code_challenge: s256Challenge(verifier),
        code_challenge_method: "S256",
      })}`,
      { redirect: "manual" },
    );
    const authorize = new URL(start.headers.get("location")!);
    expect(authorize.href.startsWith(`${sandbox.baseUrl}/v1/oauth/authorize?`)).toBe(true);
    const consentPage = await fetch(authorize);
    expect(consentPage.status).toBe(200);

    const notionRedirect = await sandbox.control.authorize({
      clientId,
      redirectUri: authorize.searchParams.get("redirect_uri")!,
      state: authorize.searchParams.get("state")!,
      grant: "all",
    });
    const callback = await fetch(notionRedirect, { redirect: "manual" });
    const back = new URL(callback.headers.get("location")!);
    expect(back.origin).toBe("http://127.0.0.1:49152");
    expect(back.searchParams.get("state")).toBe("desktop-state");

    const stolen = await exchange(BROKER_PATHS.exchange, {
      code: back.searchParams.get("code")!,
      code_verifier: randomBytes(32).toString("base64url"),
    });
    expect(stolen).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(JSON.stringify(stolen.body)).not.toMatch(/ntn_|secret_/);
  });

  it("exchanges and refreshes through Notion's token endpoint", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const start = await fetch(
      `${broker.url}${BROKER_PATHS.start}?${new URLSearchParams({
        redirect_uri: "http://[::1]:49153/cb",
        state: "s2",
        code_challenge: s256Challenge(verifier),
        code_challenge_method: "S256",
      })}`,
      { redirect: "manual" },
    );
    const authorize = new URL(start.headers.get("location")!);
    const notionRedirect = await sandbox.control.authorize({
      clientId,
      redirectUri: authorize.searchParams.get("redirect_uri")!,
      state: authorize.searchParams.get("state")!,
      grant: "all",
    });
    const back = new URL((await fetch(notionRedirect, { redirect: "manual" })).headers.get("location")!);
    const token = await exchange(BROKER_PATHS.exchange, {
      code: back.searchParams.get("code")!,
      code_verifier: verifier,
    });
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ token_type: "bearer", workspace_name: "Acme Marketing" });

    const notion = new Client({ auth: token.body.access_token!, baseUrl: sandbox.baseUrl, logger: () => {} });
    const me = await notion.users.me({});
    expect(me.type).toBe("bot");

    const refreshed = await exchange(BROKER_PATHS.refresh, { refresh_token: token.body.refresh_token! });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(token.body.refresh_token);
    const again = await exchange(BROKER_PATHS.refresh, { refresh_token: token.body.refresh_token! });
    expect(again).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const fresh = new Client({
      auth: refreshed.body.access_token!,
      baseUrl: sandbox.baseUrl,
      logger: () => {},
    });
    expect((await fresh.users.me({})).type).toBe("bot");
  });
});
