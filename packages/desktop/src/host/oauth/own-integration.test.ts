import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Agent, AUDIT_FILE_NAME, createAgent, KEY_FILE_NAME, loadOrCreateKeyFile } from "@linksync/core";
import {
  type OAuthClientCredentials,
  type RunningSandbox,
  startSandbox,
  type WorkspaceSeedResult,
} from "@linksync/notion-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LinksyncApi } from "../../shared/contract";
import { freeLoopbackPort } from "../../testing/free-loopback-port";
import { auditFileReader } from "../activity/audit-file-reader";
import { createCompanionApi } from "../companion-api";
import { SETTINGS_FILE_NAME, SettingsStore } from "../settings/settings-store";

/**
 * The user's own public integration against the real sandbox: the host runs the loopback server on the port the
 * integration registered, exchanges the code with HTTP Basic itself, and connects the agent with the token.
 */
let sandbox: RunningSandbox;
let seed: WorkspaceSeedResult;
let client: OAuthClientCredentials;
let agent: Agent;
let api: LinksyncApi;
let dataDir: string;
let redirectUri: string;
const sealed = new Map<string, string>();

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  seed = await sandbox.control.seedWorkspace({
    workspaceName: "Acme Marketing",
    databases: [
      { title: "Spring Links", properties: { Name: { title: {} } }, rows: [{ Name: "Spring sale" }] },
      { title: "Private Links", properties: { Name: { title: {} } }, rows: [{ Name: "Secret" }] },
    ],
  });
  const port = await freeLoopbackPort();
  redirectUri = `http://127.0.0.1:${port}/notion/callback`;
  client = await sandbox.control.createOAuthClient({ name: "Acme's Linksync", redirectUris: [redirectUri] });
  dataDir = mkdtempSync(join(tmpdir(), "linksync-own-integration-"));
  agent = createAgent({ dataDir, secretKey: await loadOrCreateKeyFile(join(dataDir, KEY_FILE_NAME)) });
  await agent.start();
  api = createCompanionApi(agent, {
    info: {
      shell: "browser",
      canLaunchAtLogin: false,
      notionBaseUrl: sandbox.baseUrl,
      defaultProvider: null,
      secretStorage: { where: "memory", encrypted: true, warning: null },
    },
    settings: new SettingsStore(join(dataDir, SETTINGS_FILE_NAME)),
    audit: auditFileReader(join(dataDir, AUDIT_FILE_NAME)),
    defaultProvider: null,
    ownIntegrationPort: port,
    secrets: {
      set: async (name, secret) => void sealed.set(name, secret),
      get: (name) => sealed.get(name) ?? null,
      delete: (name) => void sealed.delete(name),
    },
  });
}, 30_000);

afterAll(async () => {
  await agent?.stop();
  await sandbox?.close();
});

/** Plays the browser: Notion's consent (granting `grant`), then the redirect back to the loopback server. */
async function consent(authorizeUrl: string, grant: string[], allow = true): Promise<void> {
  const url = new URL(authorizeUrl);
  expect(url.origin + url.pathname).toBe(`${sandbox.baseUrl}/v1/oauth/authorize`);
  expect(url.searchParams.get("redirect_uri")).toBe(redirectUri);
  const location = await sandbox.control.authorize({
    clientId: url.searchParams.get("client_id") ?? "",
    redirectUri,
    state: url.searchParams.get("state") ?? "",
    grant,
    allow,
  });
  await fetch(location);
}

function databaseId(title: string): string {
  const found = seed.databases[title];
  if (!found) throw new Error(`seed has no database ${title}`);
  return found.databaseId;
}

describe("connecting with the user's own public integration", () => {
  it("shows the fixed redirect URI to register", async () => {
    expect((await api.hostInfo()).ownIntegrationRedirectUri).toBe(redirectUri);
  });

  it("connects with the granted database listed, and seals the secret instead of writing it in plain text", async () => {
    const { attemptId, authorizeUrl } = await api.startOwnIntegrationSignIn({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    });
    expect(authorizeUrl).not.toContain(client.clientSecret);
    await consent(authorizeUrl, [databaseId("Spring Links")]);
    const connection = await api.finishNotionSignIn(attemptId);
    expect(connection).toMatchObject({ state: "connected", workspaceName: "Acme Marketing" });
    const titles = (await api.searchDatabases(connection.id, "")).map((candidate) => candidate.title);
    expect(titles).toEqual(["Spring Links"]);
    expect(JSON.parse(sealed.get("notion-own-integration") ?? "{}")).toEqual({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    });
    for (const file of readdirSync(dataDir)) {
      expect(readFileSync(join(dataDir, file), "utf8")).not.toContain(client.clientSecret);
    }
  });

  it("says the client ID and secret were not accepted, without repeating the secret", async () => {
    const wrongSecret = `${client.clientSecret}-wrong`;
    const { attemptId, authorizeUrl } = await api.startOwnIntegrationSignIn({
      clientId: client.clientId,
      clientSecret: wrongSecret,
    });
    await consent(authorizeUrl, [databaseId("Spring Links")]);
    const error = await api.finishNotionSignIn(attemptId).then(
      () => null,
      (failure: unknown) => failure as Error,
    );
    expect(error?.message).toBe(
      "Notion did not accept this client ID and secret. Copy both again from your integration's settings and click Connect.",
    );
    expect(error?.message).not.toContain(wrongSecret);
  });

  it("tells the user when they cancel on Notion's consent page", async () => {
    const { attemptId, authorizeUrl } = await api.startOwnIntegrationSignIn({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    });
    await consent(authorizeUrl, [], false);
    await expect(api.finishNotionSignIn(attemptId)).rejects.toThrow(
      "You cancelled the connection in Notion. Click Connect whenever you are ready.",
    );
  });
});
