import { APP_URL } from "./app-protocol";

/** How this launch of the app is set up, from its environment; a pure function so packaged behaviour is testable. */
export interface LaunchOptions {
  readonly rendererUrl: string;
  /** The Notion API to talk to; `null` is api.notion.com. */
  readonly notionBaseUrl: string | null;
  /** The Linksync server (OAuth broker and hosted shortener) built in; Settings may name another. */
  readonly serverUrl: string | null;
  /** Opened at login: stay in the tray until the user asks for the window. */
  readonly startHidden: boolean;
}

export interface LaunchInputs {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly argv: readonly string[];
  /** `app.isPackaged`: an installed build ignores development overrides from the environment. */
  readonly packaged: boolean;
  /** The server set at build time (`LINKSYNC_SERVER_URL` when electron-vite ran), or empty. */
  readonly buildServerUrl: string;
  /** macOS reports a login launch itself (`wasOpenedAtLogin`); other systems pass `--hidden`. */
  readonly openedAtLogin: boolean;
}

export const HIDDEN_FLAG = "--hidden";

/**
 * Development overrides (`ELECTRON_RENDERER_URL`, `LINKSYNC_NOTION_BASE_URL`, `LINKSYNC_SERVER_URL`) only apply to an
 * unpackaged app: in an installed one, anything that could point the app at another page or another Notion is
 * ignored, whoever set the environment.
 */
export function launchOptions(inputs: LaunchInputs): LaunchOptions {
  const dev = (name: string): string | null => {
    const value = inputs.env[name]?.trim();
    return !inputs.packaged && value ? value : null;
  };
  return {
    rendererUrl: dev("ELECTRON_RENDERER_URL") ?? APP_URL,
    notionBaseUrl: dev("LINKSYNC_NOTION_BASE_URL"),
    serverUrl:
      dev("LINKSYNC_SERVER_URL") ?? dev("LINKSYNC_OAUTH_BROKER_URL") ?? (inputs.buildServerUrl || null),
    startHidden: inputs.openedAtLogin || inputs.argv.includes(HIDDEN_FLAG),
  };
}
