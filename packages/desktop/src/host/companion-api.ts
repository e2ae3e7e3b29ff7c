import { type Agent, type AuditReader, FIELDS, type ProviderConfig } from "@linksync/core";
import {
  AGENT_METHOD_NAMES,
  type AgentApi,
  type CompanionSettings,
  type HostInfo,
  type LinksyncApi,
  type ProviderChoice,
} from "../shared/contract";
import { activityCsv, activityPage } from "./activity/activity-feed";
import { CompanionError } from "./companion-error";
import { checkReachable, checkSecretShape, checkShortener, plainConnectError } from "./connect-checks";
import { failedRows } from "./failed-rows";
import { type CompanionSecrets, LinkedAccounts, memorySecrets, revokeInBackground } from "./linked-accounts";
import { NotionSignIn } from "./oauth/notion-sign-in";
import {
  brokerRoute,
  OWN_INTEGRATION_PORT,
  ownIntegrationRedirectUri,
  ownIntegrationRoute,
} from "./oauth/sign-in-routes";
import type { SignedIn } from "./oauth/token-response";
import { ServerRuns } from "./server-runs";
import type { SettingsStore } from "./settings/settings-store";

/** What differs between the Electron host and the headless one. */
export interface CompanionHost {
  readonly info: Omit<HostInfo, "fields" | "notionSignIn" | "ownIntegrationRedirectUri" | "builtInServerUrl">;
  /**
   * The Linksync server built into this copy (build time, or the headless UI's option); Settings may name another.
   * Without one, "Sign in with Notion" is off (own integrations and internal secrets still work).
   */
  readonly serverUrl?: string;
  /** The loopback port of the user's own integration's redirect URI (tests pick a free one). */
  readonly ownIntegrationPort?: number;
  /**
   * The companion's own secrets (the user's own client secret, the Linksync account keys): the OS keychain vault in
   * the app, a file sealed with the engine's key headless; in memory when absent (tests).
   */
  readonly secrets?: CompanionSecrets;
  readonly settings: SettingsStore;
  /** The agent's audit log, for the Activity screen. */
  readonly audit: AuditReader;
  /** The shortener behind "host-default"; its key never leaves the host. */
  readonly defaultProvider: ProviderConfig | null;
  /** Request budget for new Notion connections when the UI does not set one (the demo's sandbox allows more). */
  readonly requestsPerSecond?: number;
  /** Applies settings that live outside the app (launch at login). */
  readonly onSettingsChanged?: (settings: CompanionSettings) => void;
}

/** The contract's implementation: the agent's methods as they are, plus what only the companion knows. */
export function createCompanionApi(agent: Agent, host: CompanionHost): LinksyncApi {
  const agentApi = Object.fromEntries(
    AGENT_METHOD_NAMES.map((name) => {
      const method = agent[name] as (...args: unknown[]) => unknown;
      return [name, async (...args: unknown[]) => method.apply(agent, args)];
    }),
  ) as unknown as AgentApi;

  const secrets = host.secrets ?? memorySecrets();
  const accounts = new LinkedAccounts(secrets);
  const serverUrl = () => host.settings.get().serverUrl ?? host.serverUrl ?? null;
  /** The workspace's own Linksync account first (signed in through the server), else the host's shortener. */
  const defaultShortener = (connectionId: string): ProviderConfig | null =>
    accounts.shortenerOf(connectionId) ?? host.defaultProvider;
  const resolveProvider = (choice: ProviderChoice, connectionId: string): ProviderConfig => {
    if (choice.kind !== "host-default") return choice;
    const provider = defaultShortener(connectionId);
    if (!provider) {
      throw new CompanionError(
        "no_default_provider",
        "This workspace has no Linksync account yet. Sign in with Notion again, or enter your shortener's address and API key.",
      );
    }
    return provider;
  };
  const addConnection: AgentApi["addConnection"] = async (input) => {
    if (input.auth.kind === "internal") checkSecretShape(input.auth.token);
    await checkReachable(input.notionBaseUrl ?? "https://api.notion.com", "Notion");
    const auth =
      input.auth.kind === "internal" ? { ...input.auth, token: input.auth.token.trim() } : input.auth;
    try {
      return await agent.addConnection({
        ...(host.requestsPerSecond === undefined ? {} : { requestsPerSecond: host.requestsPerSecond }),
        ...input,
        auth,
      });
    } catch (error) {
      throw plainConnectError(error);
    }
  };
  /** A shortener the user typed is checked before anything is attached to it; the host's own is trusted. */
  const checkedProvider = async (choice: ProviderChoice, connectionId: string): Promise<ProviderConfig> => {
    const provider = resolveProvider(choice, connectionId);
    if (choice.kind !== "host-default") await checkShortener(provider);
    return provider;
  };
  /** A workspace signed in through the Linksync server gets its account there as its default shortener. */
  const signIn = new NotionSignIn({
    connect: async ({ auth, account }: SignedIn) => {
      const connection = await addConnection({
        auth,
        ...(host.info.notionBaseUrl ? { notionBaseUrl: host.info.notionBaseUrl } : {}),
      });
      if (account) {
        const previous = accounts.shortenerOf(connection.id);
        await accounts.link(connection.id, account.baseUrl, account.apiKey);
        // Signing in again replaces this computer's key: the old one is given back.
        if (previous && previous.apiKey !== account.apiKey) await revokeInBackground(previous);
      }
      return connection;
    },
  });
  const serverRuns = new ServerRuns(() =>
    agent
      .status()
      .connections.map((connection) => accounts.shortenerOf(connection.id))
      .filter((account) => account !== null),
  );
  const ownPort = host.ownIntegrationPort ?? OWN_INTEGRATION_PORT;
  const pollIntervalMs = () => host.settings.get().pollIntervalMinutes * 60_000;
  const qrImages = () => host.settings.get().qrImages;

  return {
    ...agentApi,
    addConnection,
    removeConnection: async (connectionId) => {
      const linked = accounts.shortenerOf(connectionId);
      await agent.removeConnection(connectionId);
      accounts.forget(connectionId);
      await revokeInBackground(linked);
    },
    startNotionSignIn: async () => {
      const server = serverUrl();
      if (!server) {
        throw new CompanionError(
          "sign_in_unavailable",
          "Sign in with Notion is not set up here. Use your own integration or paste an internal integration secret instead.",
        );
      }
      return signIn.start(brokerRoute(server));
    },
    startOwnIntegrationSignIn: async ({ clientId, clientSecret }) => {
      if (!clientId.trim() || !clientSecret.trim()) {
        throw new CompanionError(
          "invalid_input",
          "Enter both the OAuth client ID and the client secret from your integration's settings.",
        );
      }
      const integration = { clientId: clientId.trim(), clientSecret: clientSecret.trim() };
      await secrets.set("notion-own-integration", JSON.stringify(integration));
      return signIn.start(
        ownIntegrationRoute({
          ...integration,
          notionBaseUrl: host.info.notionBaseUrl ?? "https://api.notion.com",
          port: ownPort,
        }),
      );
    },
    finishNotionSignIn: async (attemptId) => signIn.finish(attemptId),
    checkProvider: async (choice) => {
      if (choice.kind !== "host-default") await checkShortener(choice);
    },
    defaultShortener: async (connectionId) => {
      const account = accounts.shortenerOf(connectionId);
      if (account) return { baseUrl: account.baseUrl, source: "account" };
      return host.defaultProvider ? { baseUrl: host.defaultProvider.baseUrl, source: "host" } : null;
    },
    attachDatabase: async (request) =>
      agent.attachDatabase({
        pollIntervalMs: pollIntervalMs(),
        qrImages: qrImages(),
        ...request,
        provider: await checkedProvider(request.provider, request.connectionId),
      }),
    updateShortener: async (connectionId, choice) =>
      agent.updateProvider(connectionId, await checkedProvider(choice, connectionId)),
    createDatabase: async (request) =>
      agent.createDatabase({
        pollIntervalMs: pollIntervalMs(),
        qrImages: qrImages(),
        ...request,
        provider: await checkedProvider(request.provider, request.connectionId),
      }),
    hostInfo: async () => ({
      ...host.info,
      notionSignIn: serverUrl() !== null,
      builtInServerUrl: host.serverUrl ?? null,
      ownIntegrationRedirectUri: ownIntegrationRedirectUri(ownPort),
      fields: FIELDS,
    }),
    settings: async () => host.settings.get(),
    updateSettings: async (patch) => {
      if (patch.launchAtLogin !== undefined && !host.info.canLaunchAtLogin) {
        throw new CompanionError("unsupported", "Launch at login is only available in the desktop app.");
      }
      const settings = host.settings.update(patch);
      host.onSettingsChanged?.(settings);
      return settings;
    },
    activity: (query) => activityPage(host.audit, query, agent.status().databases),
    failedRows: (databaseId) => failedRows(host.audit, databaseId),
    activityCsv: (query) => activityCsv(host.audit, query, agent.status().databases),
    serverDatabases: () => serverRuns.databases(),
    serverSyncNow: (databaseId) => serverRuns.syncNow(databaseId),
    serverConflicts: (databaseId) => serverRuns.conflicts(databaseId),
    acknowledgeServerConflict: (databaseId, conflictId) => serverRuns.acknowledge(databaseId, conflictId),
  };
}
