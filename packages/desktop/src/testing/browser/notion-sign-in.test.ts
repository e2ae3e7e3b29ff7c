import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, pageErrors, screenshot } from "./chromium";
import { type RealStack, startRealStack } from "./real-stack";

/**
 * "Sign in with Notion" end to end: the window asks the host to start the loopback sign-in, opens the broker's
 * address, the sandbox shows Notion's consent page, and the broker's code comes back to the loopback server with
 * PKCE. The user only clicks.
 */
let stack: RealStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startRealStack({ rows: 5, requestsPerSecond: 25 }),
    launchChromium(),
  ]);
  context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  page = await context.newPage();
  errors = pageErrors(page);
  await page.goto(stack.ui.url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function consentPopup(): Promise<Page> {
  const [popup] = await Promise.all([
    context.waitForEvent("page"),
    page.click("button:has-text('Sign in with Notion')"),
  ]);
  await popup.waitForSelector("button:has-text('Allow access')");
  return popup;
}

describe("Sign in with Notion (OAuth broker, loopback, PKCE) in headless Chromium", () => {
  it("says so plainly when the user cancels on Notion's consent page", async () => {
    const popup = await consentPopup();
    await popup.click("button:has-text('Cancel')");
    await popup.waitForSelector("text=You cancelled the connection in Notion");
    await popup.close();
    await page.waitForSelector(".sign-in .inline-error");
    expect(await page.textContent(".sign-in .inline-error")).toBe(
      "You cancelled the connection in Notion. Click Connect whenever you are ready.",
    );
    expect(stack.agent.status().connections).toEqual([]);
  });

  it("connects the workspace after the user allows access, and lists only the granted database", async () => {
    const popup = await consentPopup();
    await screenshot(popup, "onboarding-0-notion-consent", { a11y: false });
    await popup.check("label:has-text('Spring Campaign') input");
    await popup.click("button:has-text('Allow access')");
    await popup.waitForSelector("text=You can close this tab");
    await popup.close();
    await page.waitForSelector("text=Pick your links databases");
    await page.waitForSelector(".pick-list label:has-text('Spring Campaign')");
    expect(stack.agent.status().connections).toMatchObject([{ state: "connected" }]);
    await screenshot(page, "onboarding-0-signed-in");
  });

  it("ran without page errors or CSP violations", () => {
    expect(errors).toEqual([]);
  });
});
