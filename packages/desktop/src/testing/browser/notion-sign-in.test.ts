import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./chromium";
import {
  allowDatabases,
  type CompanionSession,
  notionConsent,
  openCompanion,
  signInKeyOf as signInKeyOfSession,
} from "./companion-session";

/**
 * The happy path a marketer walks: "Sign in with Notion" through the Linksync server (its broker creates the
 * workspace's account there), pick a database, done. The window asks the host to start the loopback sign-in, opens
 * the broker's address, the sandbox shows Notion's consent page, and the broker's code comes back to the loopback
 * server with PKCE. No secret, shortener address or API key is ever typed.
 */
let session: CompanionSession;

beforeAll(async () => {
  // No built-in shortener: the short links can only go to the account the server links at sign-in.
  session = await openCompanion({ rows: 5, requestsPerSecond: 25, hostShortener: false });
}, 60_000);

afterAll(async () => {
  await session?.close();
});

const signInKeyOf = (connectionId: string) => signInKeyOfSession(session, connectionId);

/** How the Linksync server answers a request made with `apiKey` (200 known, 401 refused). */
async function answerTo(apiKey: string): Promise<number> {
  const response = await fetch(`${session.stack.shortener.url}/api/links`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  return response.status;
}

describe("Sign in with Notion → pick → done, in headless Chromium", () => {
  it("says so plainly when the user cancels on Notion's consent page", async () => {
    const { page, stack } = session;
    const popup = await notionConsent(session, "button:has-text('Sign in with Notion')");
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
    const { page, stack } = session;
    const popup = await notionConsent(session, "button:has-text('Sign in with Notion')");
    await screenshot(popup, "onboarding-0-notion-consent", { a11y: false });
    await allowDatabases(popup, ["Spring Campaign"]);
    await popup.waitForSelector("text=You can close this tab");
    await popup.close();
    await page.waitForSelector("text=Pick your links databases");
    await page.waitForSelector(".pick-list label:has-text('Spring Campaign')");
    expect(stack.agent.status().connections).toMatchObject([{ state: "connected" }]);
    expect(await page.textContent(".pick-note")).toContain("your Linksync account");
    await screenshot(page, "onboarding-0-signed-in");
  });

  it("creates the short links in the workspace's Linksync account once the database is picked", async () => {
    const { page, stack } = session;
    await page.check(".pick-list label:has-text('Spring Campaign') input");
    await page.click("button:has-text('Continue with 1 database')");
    await page.waitForSelector("h1:has-text('All set')", { timeout: 60_000 });
    const [database] = stack.agent.status().databases;
    expect(database).toMatchObject({ title: "Spring Campaign", state: { kind: "synced" } });
    expect(database?.linked).toBeGreaterThan(0);
    await screenshot(page, "onboarding-happy-all-set");
    // Not one link in the server's own account: they are the workspace's.
    const primary = await fetch(`${stack.shortener.url}/api/links`, {
      headers: { authorization: `Bearer ${stack.shortener.apiKey}` },
    });
    expect(((await primary.json()) as { links: unknown[] }).links).toEqual([]);
  });

  it("gives the server back the first key when the workspace signs in a second time", async () => {
    const { page, stack } = session;
    const connectionId = stack.agent.status().connections[0]?.id ?? "";
    const firstKey = (await signInKeyOf(connectionId)) ?? "";
    expect(await answerTo(firstKey)).toBe(200);

    // From the dashboard, as a user would: Add a database leads to the connect step.
    await page.click("a:has-text('Open the dashboard')");
    await page.click("a:has-text('Add a database')");
    const popup = await notionConsent(session, "button:has-text('Sign in with Notion')");
    await allowDatabases(popup, ["Spring Campaign"]);
    await popup.waitForSelector("text=You can close this tab");
    await popup.close();
    await page.waitForSelector("text=Pick your links databases");

    // Still one workspace, now holding a new key; the first one is refused by the server.
    expect(stack.agent.status().connections.map((connection) => connection.id)).toEqual([connectionId]);
    const secondKey = (await signInKeyOf(connectionId)) ?? "";
    expect(secondKey).not.toBe("");
    expect(secondKey).not.toBe(firstKey);
    await expect.poll(() => answerTo(firstKey)).toBe(401);
    expect(await answerTo(secondKey)).toBe(200);
    // The links made with the first key stay in the workspace's account: the new key sees them.
    const links = await fetch(`${stack.shortener.url}/api/links`, {
      headers: { authorization: `Bearer ${secondKey}` },
    });
    expect(((await links.json()) as { links: unknown[] }).links.length).toBeGreaterThan(0);
  });

  it("gives the server back this computer's key when the workspace is removed", async () => {
    const { page, stack } = session;
    const connectionId = stack.agent.status().connections[0]?.id ?? "";
    const signInKey = (await signInKeyOf(connectionId)) ?? "";
    expect(await answerTo(signInKey)).toBe(200);

    await page.goto(`${page.url().split("#")[0]}#/settings`);
    await page.click(".workspace button:has-text('Remove workspace')");
    await page.click(".workspace .remove-confirm button:has-text('Remove workspace')");
    await expect.poll(() => stack.agent.status().connections.length, { timeout: 15_000 }).toBe(0);
    await expect.poll(() => answerTo(signInKey)).toBe(401);
    expect(await signInKeyOf(connectionId)).toBeNull();
  });

  it("ran without page errors or CSP violations", () => {
    expect(session.errors).toEqual([]);
  });
});
