import { randomBytes } from "node:crypto";
import type { RunningSandbox } from "@linksync/notion-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningShortener } from "../server/start-shortener";
import { startBroker, startBrokerSandbox } from "./broker.fixture";
import { BROKER_PATHS } from "./broker-routes";
import { s256Challenge } from "./pkce";
import { workspaceAccountId } from "./sign-in-accounts";

/** The hosted server's sign-in: Notion's token comes with the workspace's Linksync account and a key of its own. */
let sandbox: RunningSandbox;
let clientId: string;
let hosted: RunningShortener;
let selfHosted: RunningShortener;

async function brokerFor(signInAccounts: boolean): Promise<RunningShortener> {
  const started = await startBroker(sandbox, { signInAccounts });
  clientId = started.clientId;
  return started.broker;
}

beforeAll(async () => {
  sandbox = await startBrokerSandbox();
  hosted = await brokerFor(true);
  selfHosted = await brokerFor(false);
});
afterAll(async () => {
  await hosted.close();
  await selfHosted.close();
  await sandbox.close();
});

/** One whole sign-in as the app makes it: start, Notion's consent (granted), callback, exchange. */
async function signIn(broker: RunningShortener): Promise<Record<string, unknown>> {
  const verifier = randomBytes(32).toString("base64url");
  const start = await fetch(
    `${broker.url}${BROKER_PATHS.start}?${new URLSearchParams({
      redirect_uri: "http://127.0.0.1:49152/callback",
      state: "s",
      code_challenge: s256Challenge(verifier),
      code_challenge_method: "S256",
    })}`,
    { redirect: "manual" },
  );
  const authorize = new URL(start.headers.get("location") ?? "");
  const notionRedirect = await sandbox.control.authorize({
    clientId: authorize.searchParams.get("client_id") ?? clientId,
    redirectUri: authorize.searchParams.get("redirect_uri") ?? "",
    state: authorize.searchParams.get("state") ?? "",
    grant: "all",
  });
  const back = new URL((await fetch(notionRedirect, { redirect: "manual" })).headers.get("location") ?? "");
  const response = await fetch(`${broker.url}${BROKER_PATHS.exchange}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code: back.searchParams.get("code"), code_verifier: verifier }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

const linksOf = async (broker: RunningShortener, apiKey: string) =>
  (
    await fetch(`${broker.url}/api/links`, { headers: { authorization: `Bearer ${apiKey}` } })
  ).json() as Promise<{
    links: { destination: string }[];
  }>;

describe("Sign in with Notion on the hosted server", () => {
  it("creates the workspace's account at the first sign-in and links later ones to it, each with its own key", async () => {
    const first = await signIn(hosted);
    const account = first.linksync_account as { id: string; name: string; api_key: string };
    expect(account).toMatchObject({
      name: "Acme Marketing",
      id: workspaceAccountId(String(first.workspace_id)),
    });
    expect(account.api_key).toMatch(/^lsk_/);
    const created = await fetch(`${hosted.url}/api/links`, {
      method: "POST",
      headers: { authorization: `Bearer ${account.api_key}`, "content-type": "application/json" },
      body: JSON.stringify({ destination: "https://example.com/spring" }),
    });
    expect(created.status).toBe(201);

    const second = (await signIn(hosted)).linksync_account as typeof account;
    expect(second.id).toBe(account.id);
    expect(second.api_key).not.toBe(account.api_key);
    expect((await linksOf(hosted, second.api_key)).links.map((link) => link.destination)).toEqual([
      "https://example.com/spring",
    ]);
    expect((await linksOf(hosted, hosted.apiKey)).links).toEqual([]);
  });

  it("lets an app give up its own sign-in key; the account, its links and other keys stay", async () => {
    const mine = (await signIn(hosted)).linksync_account as { api_key: string };
    const other = (await signIn(hosted)).linksync_account as { api_key: string };
    const revoke = (apiKey: string) =>
      fetch(`${hosted.url}/api/keys/current`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${apiKey}` },
      });
    expect((await revoke(mine.api_key)).status).toBe(204);
    const refused = await fetch(`${hosted.url}/api/links`, {
      headers: { authorization: `Bearer ${mine.api_key}` },
    });
    expect(refused.status).toBe(401);
    expect((await revoke(mine.api_key)).status).toBe(401);
    expect((await linksOf(hosted, other.api_key)).links.length).toBeGreaterThan(0);
    // The server's configured key is the operator's: it is not revoked this way.
    expect((await revoke(hosted.apiKey)).status).toBe(409);
    expect((await linksOf(hosted, hosted.apiKey)).links).toEqual([]);
  });

  it("only connects Notion on a broker that does not create accounts", async () => {
    const token = await signIn(selfHosted);
    expect(token.access_token).toEqual(expect.any(String));
    expect(token).not.toHaveProperty("linksync_account");
  });
});
