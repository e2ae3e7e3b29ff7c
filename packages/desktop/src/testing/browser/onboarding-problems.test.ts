import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HeadlessUi, startHeadlessUi } from "../../headless/headless-server";
import { freeLoopbackPort } from "../free-loopback-port";
import { launchChromium, pageErrors, screenshot } from "./chromium";
import { type RealStack, startRealStack } from "./real-stack";

/**
 * The first-run wizard's unhappy paths against the real agent, sandbox and shortener: what a marketer sees when a
 * secret is wrong or is a pasted address, when there is no network, when a database has no URL column, and when a
 * shortener's address or key is wrong — each said at once, in plain words, before anything is attached.
 */
let stack: RealStack;
let browser: Browser;
let page: Page;
let errors: string[];
let offlineUi: HeadlessUi;
let noUrlToken: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startRealStack({ rows: 3, requestsPerSecond: 25 }),
    launchChromium(),
  ]);
  // A Notion address where nothing listens: what a machine without network sees, without waiting for DNS.
  offlineUi = await startHeadlessUi({
    agent: stack.agent,
    dataDir: stack.dataDir,
    notionBaseUrl: `http://127.0.0.1:${await freeLoopbackPort()}`,
  });
  const seeded = await stack.sandbox.control.seedWorkspace({
    databases: [
      { title: "Newsletter ideas", properties: { Name: { title: {} }, Notes: { rich_text: {} } }, rows: [] },
    ],
  });
  noUrlToken = seeded.token;
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(10_000);
  errors = pageErrors(page);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await offlineUi?.close();
  await stack?.close();
});

async function connectWithSecret(secret: string): Promise<void> {
  await page.waitForSelector("h1:has-text('Connect Notion')");
  if (!(await page.isVisible("label:has-text('Integration secret') input"))) {
    await page.click("summary:has-text('Advanced')");
  }
  await page.fill("label:has-text('Integration secret') input", secret);
  await page.click("button:has-text('Connect with the secret')");
}

const timed = async (action: () => Promise<unknown>): Promise<number> => {
  const started = Date.now();
  await action();
  return Date.now() - started;
};

describe("first run, when something is wrong (headless Chromium)", () => {
  it("says a pasted web address is not a secret", async () => {
    await page.goto(stack.ui.url);
    await page.waitForSelector("text=Sign in with Notion");
    await connectWithSecret("https://www.notion.so/my-integrations");
    await page.waitForSelector("text=That is a web address, not a secret");
    await screenshot(page, "connect-pasted-url");
  });

  it("says a wrong secret is wrong, within a few seconds", async () => {
    const took = await timed(async () => {
      await connectWithSecret("ntn_this_is_not_a_real_secret_0000000000000000000");
      await page.waitForSelector("text=Notion did not accept this secret");
    });
    expect(took).toBeLessThan(5_000);
    expect(await page.textContent(".inline-error")).not.toMatch(/revoked|token/i);
    await screenshot(page, "connect-wrong-secret");
    expect(stack.agent.status().connections).toHaveLength(0);
  });

  it("says Notion cannot be reached when offline, within a few seconds", async () => {
    await page.goto(offlineUi.url);
    const took = await timed(async () => {
      await connectWithSecret(stack.campaign.token);
      await page.waitForSelector("text=Linksync cannot reach Notion");
    });
    expect(took).toBeLessThan(5_000);
    expect(await page.textContent(".inline-error")).not.toMatch(/ECONNREFUSED|ENOTFOUND|fetch failed/);
    await screenshot(page, "connect-offline");
  });

  it("shows a database without a URL column as blocked, with the reason beside Continue", async () => {
    await page.goto(stack.ui.url);
    await connectWithSecret(noUrlToken);
    await page.waitForSelector("text=Pick your links databases");
    await page.check(".pick-list label:has-text('Newsletter ideas') input");
    await page.click("button:has-text('Continue with 1 database')");
    await page.waitForSelector("text=This database has no URL column");
    expect(await page.isDisabled(".step-footer button:has-text('Continue')")).toBe(true);
    expect(await page.textContent(".step-footer__reason")).toMatch(/Destination/);
    // Only Title columns are offered for the title; "Notes" (Text) is offered for nothing here.
    expect(await page.$$eval("select option", (options) => options.map((o) => o.textContent))).not.toContain(
      "Notes",
    );
    await screenshot(page, "onboarding-3-no-url-column");

    // "Create a Destination column": an empty URL column added in Notion, mapped, and the step unblocked.
    await page.click("button:has-text('Create a Destination column')");
    await page.waitForSelector("tr:has-text('Destination') .badge--ok");
    await page.waitForSelector(".step-footer__reason", { state: "detached" });
    expect(await page.isDisabled(".step-footer button:has-text('Continue')")).toBe(false);
    const connection = stack.agent.status().connections.at(-1);
    const [newsletter] = await stack.agent.searchDatabases(connection?.id ?? "", "Newsletter");
    const report = await stack.agent.inspectDatabase(connection?.id ?? "", newsletter?.dataSourceId ?? "");
    expect(report.columns).toContainEqual({ name: "Destination", type: "url" });
    await screenshot(page, "onboarding-3-destination-created");
    await page.click("button:has-text('Back')");
    await page.waitForSelector("text=Pick your links databases");
    await page.click("button:has-text('Back')");
    await page.waitForSelector("h1:has-text('Connect Notion')");
  });

  it("checks a custom shortener's address and key before attaching anything", async () => {
    await connectWithSecret(stack.campaign.token);
    await page.waitForSelector("text=Pick your links databases");
    await page.check(".pick-list label:has-text('Spring Campaign') input");
    // Its columns are fine as they are, so the column step is skipped; the shortener is the next question.
    await page.click("button:has-text('Continue with 1 database')");
    await page.click("label:has-text('My own Linksync shortener')");
    expect(await page.textContent(".step-footer__reason")).toMatch(/address/);

    await page.fill(
      "label.field:has-text('Shortener address') input",
      `http://127.0.0.1:${await freeLoopbackPort()}`,
    );
    await page.fill("label.field:has-text('API key') input", "sk_wrong");
    await page.click("button:has-text('Start creating links')");
    await page.waitForSelector("text=Linksync cannot reach the shortener");
    await screenshot(page, "provider-unreachable");

    await page.fill("label.field:has-text('Shortener address') input", stack.shortener.url);
    await page.click("button:has-text('Start creating links')");
    await page.waitForSelector("text=The shortener did not accept this API key");
    await screenshot(page, "provider-wrong-key");
    expect(stack.agent.status().databases).toHaveLength(0);

    await page.click("button:has-text('Back')");
    await page.waitForSelector("h1:has-text('Pick your links databases')");
  });

  it("ran without page errors or CSP violations", () => {
    expect(errors.filter((error) => !/status of 4\d\d/.test(error))).toEqual([]);
  });
});
