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
import { NotionSignIn } from "./oauth/notion-sign-in";
import {
  brokerRoute,
  OWN_INTEGRATION_PORT,
  ownIntegrationRedirectUri,
  ownIntegrationRoute,
} from "./oauth/sign-in-routes";
import type { SettingsStore } from "./settings/settings-store";

/** What differs between the Electron host and the headless one. */
export interface CompanionHost {
  readonly info: Omit<HostInfo, "fields" | "notionSignIn" | "ownIntegrationRedirectUri">;
  /** The OAuth broker's address; without it "Sign in with Notion" is off (own integrations and tokens still work). */
  readonly oauthBrokerUrl?: string;
  /** The loopback port of the user's own integration's redirect URI (tests pick a free one). */
  readonly ownIntegrationPort?: number;
  /** Seals the user's own client secret (the desktop app's vault); the headless host keeps it only in memory. */
  readonly secrets?: { set(name: string, secret: string): Promise<void> };
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

  const resolveProvider = (choice: ProviderChoice): ProviderConfig => {
    if (choice.kind !== "host-default") return choice;
    if (!host.defaultProvider) {
      throw new CompanionError(
        "no_default_provider",
        "This Linksync has no built-in shortener. Enter your shortener's address and API key instead.",
      );
    }
    return host.defaultProvider;
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
  const checkedProvider = async (choice: ProviderChoice): Promise<ProviderConfig> => {
    const provider = resolveProvider(choice);
    if (choice.kind !== "host-default") await checkShortener(provider);
    return provider;
  };
  const signIn = new NotionSignIn({
    connect: (auth) =>
      addConnection({
        auth,
        ...(host.info.notionBaseUrl ? { notionBaseUrl: host.info.notionBaseUrl } : {}),
      }),
  });
  const broker = host.oauthBrokerUrl ? brokerRoute(host.oauthBrokerUrl) : null;
  const ownPort = host.ownIntegrationPort ?? OWN_INTEGRATION_PORT;
  const pollIntervalMs = () => host.settings.get().pollIntervalMinutes * 60_000;

  return {
    ...agentApi,
    addConnection,
    startNotionSignIn: async () => {
      if (!broker) {
        throw new CompanionError(
          "sign_in_unavailable",
          "Sign in with Notion is not set up here. Use your own integration or paste an internal integration secret instead.",
        );
      }
      return signIn.start(broker);
    },
    startOwnIntegrationSignIn: async ({ clientId, clientSecret }) => {
      if (!clientId.trim() || !clientSecret.trim()) {
        throw new CompanionError(
          "invalid_input",
          "Enter both the OAuth client ID and the client secret from your integration's settings.",
        );
      }
      const integration = { clientId: clientId.trim(), clientSecret: clientSecret.trim() };
      await host.secrets?.set("notion-own-integration", JSON.stringify(integration));
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
      await checkedProvider(choice);
    },
    attachDatabase: async (request) =>
      agent.attachDatabase({
        pollIntervalMs: pollIntervalMs(),
        ...request,
        provider: await checkedProvider(request.provider),
      }),
    createDatabase: async (request) =>
      agent.createDatabase({
        pollIntervalMs: pollIntervalMs(),
        ...request,
        provider: await checkedProvider(request.provider),
      }),
    hostInfo: async () => ({
      ...host.info,
      notionSignIn: broker !== null,
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
    activity: (query) => activityPage(host.audit, query),
    failedRows: (databaseId) => failedRows(host.audit, databaseId),
    activityCsv: (query) => activityCsv(host.audit, query),
  };
}
