/**
 * Secrets come from the environment only: never from the command line (shell history, `ps`) and never echoed.
 * A missing one is a clear, actionable error.
 */
export interface SyncEnvironment {
  readonly notionToken: string;
  readonly notionBaseUrl: string | undefined;
  readonly shortenerUrl: string;
  readonly shortenerKey: string;
}

export function readSyncEnvironment(env: NodeJS.ProcessEnv = process.env): SyncEnvironment {
  return {
    notionToken: required(env, "NOTION_TOKEN", "your Notion integration's secret (Settings → Integrations)"),
    notionBaseUrl: env.NOTION_BASE_URL || undefined,
    shortenerUrl: required(env, "LINKSYNC_SHORTENER_URL", "the base URL of your Linksync shortener"),
    shortenerKey: required(env, "LINKSYNC_SHORTENER_KEY", "the shortener's API key"),
  };
}

function required(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name];
  if (!value)
    throw new MissingSetting(`Set ${name} to ${what}; Linksync reads it from the environment only.`);
  return value;
}

export class MissingSetting extends Error {}
