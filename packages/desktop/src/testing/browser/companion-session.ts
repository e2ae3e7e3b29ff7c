import { join } from "node:path";
import { KEY_FILE_NAME, loadOrCreateKeyFile } from "@linksync/core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { COMPANION_SECRETS_FILE_NAME } from "../../headless/headless-server";
import { LinkedAccounts } from "../../host/linked-accounts";
import { secretBoxCipher } from "../../host/vault/secret-cipher";
import { TokenVault } from "../../host/vault/token-vault";
import { launchChromium, pageErrors } from "./chromium";
import { type RealStack, type RealStackOptions, startRealStack } from "./real-stack";

/** One browser test file's world: the real stack, one Chromium, one page on the companion, its errors collected. */
export interface CompanionSession {
  readonly stack: RealStack;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Page errors and console errors (a CSP violation shows here); a test ends by expecting none. */
  readonly errors: string[];
  close(): Promise<void>;
}

export async function openCompanion(
  options: RealStackOptions & { readonly viewport?: { readonly width: number; readonly height: number } },
): Promise<CompanionSession> {
  const [stack, browser] = await Promise.all([startRealStack(options), launchChromium()]);
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1100, height: 760 } });
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(stack.ui.url);
  return {
    stack,
    browser,
    context,
    page,
    errors,
    close: async () => {
      await browser.close();
      await stack.close();
    },
  };
}

/**
 * Clicks `button` (which opens Notion's consent page in a new tab, as the window does) and returns that tab once
 * its Allow button shows.
 */
export async function notionConsent(session: CompanionSession, button: string): Promise<Page> {
  const [popup] = await Promise.all([session.context.waitForEvent("page"), session.page.click(button)]);
  await popup.waitForSelector("button:has-text('Allow access')");
  return popup;
}

/** On Notion's consent page: grants the named databases and allows. */
export async function allowDatabases(consent: Page, titles: readonly string[]): Promise<void> {
  for (const title of titles) await consent.check(`label:has-text('${title}') input`);
  await consent.click("button:has-text('Allow access')");
}

/** The key the Linksync server issued at sign-in, as the host keeps it (sealed beside the engine's secrets). */
export async function signInKeyOf(session: CompanionSession, connectionId: string): Promise<string | null> {
  const { dataDir } = session.stack;
  const vault = new TokenVault({
    file: join(dataDir, COMPANION_SECRETS_FILE_NAME),
    cipher: secretBoxCipher(await loadOrCreateKeyFile(join(dataDir, KEY_FILE_NAME)), {
      where: "",
      encrypted: true,
      warning: null,
    }),
    confirmWeakStorage: async () => true,
  });
  return new LinkedAccounts(vault).shortenerOf(connectionId)?.apiKey ?? null;
}
