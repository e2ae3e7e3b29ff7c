import { type Agent, type AuditReader, FIELDS, type ProviderConfig } from "@linksync/core";
import { activityCsv, activityPage } from "../activity/activity-feed";
import { NotionSignIn } from "../oauth/notion-sign-in";
import type { SettingsStore } from "../settings/settings-store";
import {
  AGENT_METHOD_NAMES,
  type AgentApi,
  type CompanionSettings,
  type HostInfo,
  type LinksyncApi,
  type ProviderChoice,
} from "../shared/contract";
import { CompanionError } from "./companion-error";

/** What differs between the Electron host and the headless one. */
export interface CompanionHost {
  readonly info: Omit<HostInfo, "fields" | "notionSignIn">;
  /** The OAuth broker's address; without it only internal integration tokens can connect. */
  readonly oauthBrokerUrl?: string;
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
  const addConnection: AgentApi["addConnection"] = async (input) =>
    agent.addConnection(
      host.requestsPerSecond === undefined ? input : { requestsPerSecond: host.requestsPerSecond, ...input },
    );
  const signIn = host.oauthBrokerUrl
    ? new NotionSignIn({
        brokerUrl: host.oauthBrokerUrl,
        connect: (auth) =>
          addConnection({
            auth,
            ...(host.info.notionBaseUrl ? { notionBaseUrl: host.info.notionBaseUrl } : {}),
          }),
      })
    : null;
  const requireSignIn = (): NotionSignIn => {
    if (!signIn) {
      throw new CompanionError(
        "sign_in_unavailable",
        "Sign in with Notion is not set up here. Paste an internal integration secret instead.",
      );
    }
    return signIn;
  };
  const pollIntervalMs = () => host.settings.get().pollIntervalMinutes * 60_000;

  return {
    ...agentApi,
    addConnection,
    startNotionSignIn: async () => requireSignIn().start(),
    finishNotionSignIn: async (attemptId) => requireSignIn().finish(attemptId),
    attachDatabase: async (request) =>
      agent.attachDatabase({
        pollIntervalMs: pollIntervalMs(),
        ...request,
        provider: resolveProvider(request.provider),
      }),
    createDatabase: async (request) =>
      agent.createDatabase({
        pollIntervalMs: pollIntervalMs(),
        ...request,
        provider: resolveProvider(request.provider),
      }),
    hostInfo: async () => ({ ...host.info, notionSignIn: signIn !== null, fields: FIELDS }),
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
    activityCsv: (query) => activityCsv(host.audit, query),
  };
}
