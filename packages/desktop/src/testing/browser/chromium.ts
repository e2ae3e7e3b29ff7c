import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { PACKAGE_ROOT } from "../../../renderer-paths";
import { seriousViolations } from "./accessibility";

/** Debian's Chromium, driven by playwright-core (no browser download). */
export const CHROMIUM_PATH = process.env.LINKSYNC_CHROMIUM ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export const ARTIFACTS_DIR = join(PACKAGE_ROOT, "../../test-artifacts/desktop");

const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;
const SCHEMES = ["light", "dark"] as const;

/**
 * Saves a screen as test artifacts (gitignored) for a person to look at: at 1280×800 and 800×600, in light and dark
 * (`NAME-1280x800-dark.png`…, plus `NAME.png` at the page's own size), and runs the accessibility check in both
 * schemes; a serious or critical violation fails the test. `a11y: false` only for pages that are not ours (Notion's
 * consent page in the sandbox).
 */
export async function screenshot(
  page: Page,
  name: string,
  options: {
    readonly a11y?: boolean;
    /** A part of the screen below the fold that the picture is about: scrolled into view at every size. */
    readonly showing?: string;
  } = {},
): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  const show = async () => {
    if (options.showing) await page.locator(options.showing).scrollIntoViewIfNeeded();
  };
  await show();
  await page.screenshot({ path });
  const original = page.viewportSize();
  const problems: string[] = [];
  try {
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await show();
        await page.screenshot({
          path: join(ARTIFACTS_DIR, `${name}-${size.width}x${size.height}-${colorScheme}.png`),
        });
        // Each size too: a layout that stacks at 800×600 can hide a label or overlap text the wide one does not.
        if (options.a11y !== false) {
          const where = `${colorScheme} ${size.width}×${size.height}`;
          problems.push(...(await seriousViolations(page)).map((problem) => `${where}: ${problem}`));
        }
      }
    }
  } finally {
    await page.emulateMedia({ colorScheme: "light" });
    if (original) await page.setViewportSize(original);
  }
  if (problems.length > 0) throw new Error(`Accessibility problems on ${name}:\n${problems.join("\n")}`);
  return path;
}

/** Collects errors the page logs, so a test can assert the UI ran cleanly (no CSP violation, no crash). */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}
