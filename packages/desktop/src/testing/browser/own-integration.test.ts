import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./chromium";
import { allowDatabases, type CompanionSession, notionConsent, openCompanion } from "./companion-session";

/**
 * A self-hoster's own public integration from the onboarding screen: the window shows the redirect URI to
 * register, hands the client ID and secret to the host, and the host runs the loopback sign-in on that fixed port.
 */
let session: CompanionSession;

beforeAll(async () => {
  session = await openCompanion({ rows: 5, requestsPerSecond: 25 });
  await session.page.click("summary:has-text('Advanced')");
  await session.page.click("summary:has-text('Use your own public integration instead')");
}, 60_000);

afterAll(async () => {
  await session?.close();
});

async function connectWith(clientSecret: string) {
  const { page, stack } = session;
  await page.fill(".own-integration label:has-text('OAuth client ID') input", stack.ownIntegration.clientId);
  await page.fill(".own-integration label:has-text('OAuth client secret') input", clientSecret);
  const popup = await notionConsent(session, "button:has-text('Connect with your integration')");
  await allowDatabases(popup, ["Spring Campaign"]);
  return popup;
}

describe("Connecting with your own public integration in headless Chromium", () => {
  it("shows exactly the redirect URI to register", async () => {
    const { page, stack } = session;
    expect(await page.textContent(".own-integration .redirect-uri")).toBe(stack.ownIntegration.redirectUri);
    await screenshot(page, "onboarding-1-own-integration");
  });

  it("says the client ID and secret were not accepted, without showing the secret", async () => {
    const { page, stack } = session;
    const wrongSecret = `${stack.ownIntegration.clientSecret}-typo`;
    const popup = await connectWith(wrongSecret);
    // The popup stays open until the refusal is shown: closed at once, it could go before Notion's redirect reached
    // the loopback receiver, and the sign-in would then wait for an answer that never comes.
    await page.waitForSelector(".own-integration .inline-error");
    await popup.close();
    const message = await page.textContent(".own-integration .inline-error");
    expect(message).toBe(
      "Notion did not accept this client ID and secret. Copy both again from your integration's settings and click Connect.",
    );
    expect(await page.content()).not.toContain(wrongSecret);
    expect(stack.agent.status().connections).toEqual([]);
  });

  it("connects the workspace and lists the granted database", async () => {
    const { page, stack } = session;
    const popup = await connectWith(stack.ownIntegration.clientSecret);
    await popup.waitForSelector("text=You can close this tab");
    await popup.close();
    await page.waitForSelector(".pick-list label:has-text('Spring Campaign')");
    expect(stack.agent.status().connections).toMatchObject([{ state: "connected" }]);
  });

  it("ran without page errors or CSP violations", () => {
    expect(session.errors).toEqual([]);
  });
});
