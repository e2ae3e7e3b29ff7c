import { columnDefinition, FIELDS } from "@linksync/core";
import { type RunningSandbox, startSandbox } from "@linksync/notion-sandbox";
import { type RunningShortener, type ShortenerOptions, startShortener } from "@linksync/shortener";
import { createAppTester } from "zapier-platform-core";
import App from "../index";

/**
 * The real Notion sandbox and Linksync shortener on loopback, one Linksync database, and an app tester whose
 * connection points at them, as a Zap's would point at api.notion.com and the user's shortener.
 */
export interface LiveServices {
  readonly sandbox: RunningSandbox;
  readonly shortener: RunningShortener;
  readonly token: string;
  readonly dataSourceId: string;
  readonly workspaceName: string;
  /** `bundle.authData` of a connection made with the sandbox's token. */
  readonly authData: Record<string, string>;
  readonly appTester: ReturnType<typeof createAppTester>;
  close(): Promise<void>;
}

export const WORKSPACE_NAME = "Acme Marketing";

/** `shortener`: options for the shortener, e.g. a clock (`now`) to close click minutes without waiting. */
export async function startLiveServices(
  options: { readonly shortener?: Omit<ShortenerOptions, "apiKey"> } = {},
): Promise<LiveServices> {
  const sandbox = await startSandbox({ rateLimit: false });
  // The Zaps' hooks listen on loopback over http: the shortener's explicit local-development webhook setting.
  const shortener = await startShortener({
    ...options.shortener,
    webhooks: { targets: "any", ...options.shortener?.webhooks },
    apiKey: "zapier-test-shortener-key",
  });
  const seeded = await sandbox.control.seedWorkspace({
    workspaceName: WORKSPACE_NAME,
    pages: [{ title: "Campaigns" }],
    databases: [
      {
        title: "Linksync Links",
        properties: Object.fromEntries(FIELDS.map((f) => [f.defaultName, columnDefinition(f.type)])),
      },
    ],
  });
  const database = seeded.databases["Linksync Links"];
  if (!database) throw new Error("The sandbox did not seed the Linksync Links database.");
  process.env.NOTION_BASE_URL = sandbox.baseUrl;
  return {
    sandbox,
    shortener,
    token: seeded.token,
    dataSourceId: database.dataSourceId,
    workspaceName: WORKSPACE_NAME,
    authData: {
      access_token: seeded.token,
      provider: "linksync-shortener",
      shortenerBaseUrl: shortener.url,
      shortenerApiKey: shortener.apiKey,
    },
    appTester: createAppTester(App),
    close: async () => {
      await Promise.all([sandbox.close(), shortener.close()]);
    },
  };
}
