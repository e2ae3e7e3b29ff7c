import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Agent, createAgent, KEY_FILE_NAME, loadOrCreateKeyFile } from "@linksync/core";
import {
  type CampaignSeed,
  type OAuthClientCredentials,
  type RunningSandbox,
  startSandbox,
} from "@linksync/notion-sandbox";
import { type RunningShortener, startShortener } from "@linksync/shortener";
import type { SqlClient } from "@linksync/shortener/database";
import { syncApi } from "@linksync/sync-server";
import { type HeadlessUi, startHeadlessUi } from "../../headless/headless-server";
import { freeLoopbackPort } from "../free-loopback-port";

export interface RealStack {
  readonly sandbox: RunningSandbox;
  readonly shortener: RunningShortener;
  readonly agent: Agent;
  readonly ui: HeadlessUi;
  readonly campaign: CampaignSeed;
  /** A self-hoster's own public integration, its redirect URI registered on the host's own-integration port. */
  readonly ownIntegration: OAuthClientCredentials & { readonly redirectUri: string };
  readonly dataDir: string;
  /** The server's database, where its workers keep the state of the databases it runs (sync API stacks only). */
  readonly serverSql: SqlClient | null;
  close(): Promise<void>;
}

export interface RealStackOptions {
  readonly rows: number;
  readonly clicksIntervalMs?: number;
  /** The agent's Notion budget (the sandbox runs without a rate limit here). */
  readonly requestsPerSecond: number;
  /**
   * Give the UI the shortener's primary account as its built-in shortener (default true, as the demo does). Off, the
   * only shortener a workspace gets without typing one is the account the server links when it signs in.
   */
  readonly hostShortener?: boolean;
  /** Serve the server's account-scoped sync API (server-run databases) beside the link API. */
  readonly serverSync?: boolean;
}

/**
 * The companion as `linksync ui` runs it: the real agent against the Notion sandbox and the Linksync server (the
 * shortener, its OAuth broker creating accounts at sign-in as the hosted one does), all in-process on 127.0.0.1 with
 * OS-assigned ports, and the headless UI in front.
 */
export async function startRealStack(options: RealStackOptions): Promise<RealStack> {
  const sandbox = await startSandbox({ rateLimit: false });
  const campaign = await sandbox.control.seedCampaign({ rows: options.rows });
  const apiKey = "sk_test_desktop_flow";
  // The broker's callback must be registered with the Notion integration before the shortener starts.
  const port = await freeLoopbackPort();
  const oauthClient = await sandbox.control.createOAuthClient({
    name: "Linksync",
    redirectUris: [`http://127.0.0.1:${port}/oauth/notion/callback`],
  });
  let serverSql: SqlClient | null = null;
  const api = syncApi();
  const shortener = await startShortener({
    apiKey,
    port,
    oauthBroker: {
      notionClientId: oauthClient.clientId,
      notionClientSecret: oauthClient.clientSecret,
      notionBaseUrl: sandbox.baseUrl,
      signInAccounts: true,
    },
    ...(options.serverSync && {
      apiExtensions: [
        {
          start: (sql: SqlClient) => {
            serverSql = sql;
            return api.start(sql);
          },
        },
      ],
    }),
  });
  const ownIntegrationPort = await freeLoopbackPort();
  const ownRedirectUri = `http://127.0.0.1:${ownIntegrationPort}/notion/callback`;
  const ownIntegration = {
    ...(await sandbox.control.createOAuthClient({
      name: "Acme's own Linksync",
      redirectUris: [ownRedirectUri],
    })),
    redirectUri: ownRedirectUri,
  };
  const dataDir = mkdtempSync(join(tmpdir(), "linksync-desktop-"));
  const agent = createAgent({
    dataDir,
    secretKey: await loadOrCreateKeyFile(join(dataDir, KEY_FILE_NAME)),
    ...(options.clicksIntervalMs ? { clicksIntervalMs: options.clicksIntervalMs } : {}),
  });
  await agent.start();
  const ui = await startHeadlessUi({
    agent,
    dataDir,
    port: 0,
    requestsPerSecond: options.requestsPerSecond,
    serverUrl: shortener.url,
    ownIntegrationPort,
    notionBaseUrl: sandbox.baseUrl,
    ...(options.hostShortener !== false && {
      defaultProvider: { kind: "linksync-shortener", baseUrl: shortener.url, apiKey } as const,
    }),
  });
  return {
    sandbox,
    shortener,
    agent,
    ui,
    campaign,
    ownIntegration,
    dataDir,
    serverSql,
    close: async () => {
      await ui.close();
      await agent.stop();
      await shortener.close();
      await sandbox.close();
    },
  };
}
