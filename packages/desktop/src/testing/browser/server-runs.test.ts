import { randomBytes } from "node:crypto";
import { ServerSyncClient } from "@linksync/core";
import { exampleConflictReport } from "@linksync/link-contract";
import { connectServerWorkspace, openServerPorts } from "@linksync/sync-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./chromium";
import {
  allowDatabases,
  type CompanionSession,
  notionConsent,
  openCompanion,
  signInKeyOf,
} from "./companion-session";

/**
 * A database the Linksync server runs for the user's account (issue 17): the dashboard shows it under "Running on
 * the server" with its status, Sync now and its conflicts inbox, through the server's sync API with the key this
 * computer got at sign-in; it is not attached to the local agent.
 */
let session: CompanionSession;
let server: ServerSyncClient;

beforeAll(async () => {
  session = await openCompanion({ rows: 3, requestsPerSecond: 25, hostShortener: false, serverSync: true });
  const { stack, page } = session;
  const popup = await notionConsent(session, "button:has-text('Sign in with Notion')");
  await allowDatabases(popup, ["Spring Campaign"]);
  await popup.waitForSelector("text=You can close this tab");
  await popup.close();
  await page.waitForSelector("text=Pick your links databases");
  const [connection] = stack.agent.status().connections;
  if (!connection || !stack.serverSql) throw new Error("no signed-in workspace or no server database");
  // The account the server made at sign-in (`notion-<workspace id>`) runs the campaign on the server, as its
  // workers would have left it: synced, with one conflict waiting.
  const { rows } = await stack.serverSql.query<{ id: string }>(
    "SELECT id FROM accounts WHERE id LIKE 'notion-%'",
  );
  const accountId = rows[0]?.id ?? "";
  const ports = await openServerPorts(stack.serverSql, {
    serverSecret: randomBytes(32).toString("base64"),
    onError: (error) => console.error(error),
  });
  await connectServerWorkspace(ports, {
    id: "server-conn",
    accountId,
    workspaceId: accountId.slice("notion-".length),
    workspaceName: connection.workspaceName,
    token: stack.campaign.token,
    providerBaseUrl: stack.shortener.url,
    providerApiKey: "unused",
  });
  const key = { connectionId: "server-conn", dataSourceId: stack.campaign.dataSourceId };
  await ports.databases.put({
    id: "server-db",
    ...key,
    title: "Spring Campaign",
    columnIds: {},
    qrImages: "link",
  });
  await ports.store.updateDatabase(key, { title: "Spring Campaign", lastSyncAt: new Date().toISOString() });
  await ports.inbox.add({
    ...exampleConflictReport({
      conflictId: "c_0123456789ab",
      databaseId: "server-db",
      title: "Rain shell — launch post",
      kept: "https://shop.example.com/rain-shell?utm_campaign=spring-2026-launch-week-newsletter",
      dropped: "https://shop.example.com/rain-shell-old",
    }),
    droppedSource: "zapier",
  });
  const apiKey = (await signInKeyOf(session, connection.id)) ?? "";
  server = new ServerSyncClient({ baseUrl: stack.shortener.url, apiKey });
  page.setDefaultTimeout(10_000);
}, 90_000);

afterAll(async () => {
  await session?.close();
});

describe("a database the Linksync server runs, in headless Chromium", () => {
  it("is not picked for this computer unless the user chooses Sync from this computer too", async () => {
    const { page } = session;
    // The wizard again, as after a reload: the connected workspace, then the pick step.
    await page.reload();
    await page.click(".existing button:has-text('Sandbox Workspace')");
    const item = page.locator(".pick-list li:has-text('Spring Campaign')");
    await item.locator(".server-run-choice").waitFor();
    const pick = item.locator("label:has-text('Spring Campaign') input");
    expect(await pick.isDisabled()).toBe(true);
    expect(await item.textContent()).toContain("Runs on the Linksync server");
    await item.locator("label:has-text('Sync from this computer too') input").check();
    expect(await pick.isChecked()).toBe(true);
    await page.waitForSelector("button:has-text('Continue with 1 database')");
    await screenshot(page, "onboarding-2-pick-server-run");
    await item.locator("label:has-text('Sync from this computer too') input").uncheck();
    expect(await pick.isChecked()).toBe(false);
    expect(await pick.isDisabled()).toBe(true);
  });

  it("shows it under Running on the server, not attached to this computer", async () => {
    const { page, stack } = session;
    await page.goto(`${stack.ui.url.split("#")[0]}#/dashboard`);
    await page.waitForSelector("h2:has-text('Running on the server')");
    const card = page.locator("[data-server-database='Spring Campaign']");
    await card.waitFor();
    expect(await card.textContent()).toContain("1 unread");
    expect(await card.locator("[data-state]").getAttribute("data-state")).toBe("synced");
    expect(stack.agent.status().databases).toEqual([]);
    await screenshot(page, "server-runs", { showing: ".server-runs" });
  });

  it("asks the server to sync now", async () => {
    const { page } = session;
    const card = page.locator("[data-server-database='Spring Campaign']");
    await card.locator("button:has-text('Sync now')").click();
    await card.locator("[role=status]").waitFor();
    expect(await card.locator("[role=status]").textContent()).toMatch(
      /Sync requested on the server|A sync was already waiting on the server/,
    );
  });

  it("lists its conflict in full and acknowledges it on the server", async () => {
    const { page } = session;
    const card = page.locator("[data-server-database='Spring Campaign']");
    await card.locator("summary:has-text('1 conflict to review')").click();
    const text = (await card.locator(".server-conflicts").textContent()) ?? "";
    expect(text).toContain("Rain shell — launch post");
    expect(text).toContain(
      "https://shop.example.com/rain-shell?utm_campaign=spring-2026-launch-week-newsletter",
    );
    expect(text).toContain("Dropped (zapier)");
    await screenshot(page, "server-runs-conflict", { showing: ".server-conflicts" });
    await card.locator("button:has-text('Acknowledge')").click();
    await expect.poll(async () => (await server.conflicts("server-db"))[0]?.acknowledged).toBe(true);
    await card.locator("dd:has-text('none')").waitFor();
  });

  it("ran without page errors or CSP violations", () => {
    expect(session.errors).toEqual([]);
  });
});
