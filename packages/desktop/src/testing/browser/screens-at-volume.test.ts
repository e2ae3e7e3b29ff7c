import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AUDIT_FILE_NAME, AuditLog } from "@linksync/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HeadlessUi, startHeadlessUi } from "../../headless/headless-server";
import { UNDO_SECONDS } from "../../shared/undo";
import { backfillWrites } from "../audit-entries";
import { conflictEvent, database, ScriptedAgent } from "../scripted-agent";
import { launchChromium, pageErrors, screenshot } from "./chromium";

/**
 * The screens at the volumes the issue names (1,000 conflicts, 10,000 activity entries), against an in-memory agent:
 * the real engine would need minutes to produce them. The whole flow runs against the real agent in
 * companion-flow.test.ts.
 */
let browser: Browser;
let agent: ScriptedAgent;
let ui: HeadlessUi;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchChromium();
  agent = new ScriptedAgent();
  agent.databases = [
    database("db-1", "Campaign links"),
    database("db-2", "Events", {
      kind: "offline",
      pending: 4,
      cause: {
        service: "provider",
        code: "rate_limited",
        message: "The shortener is rate limiting requests; Linksync will retry later.",
      },
    }),
  ];
  const dataDir = mkdtempSync(join(tmpdir(), "linksync-volume-"));
  const log = await AuditLog.open(join(dataDir, AUDIT_FILE_NAME));
  await log.append(...backfillWrites(9_000, "db-1"), ...backfillWrites(1_000, "db-2"));
  await log.close();
  ui = await startHeadlessUi({ agent, dataDir, port: 0 });
  for (let i = 0; i < 1_000; i++) agent.raiseConflict(conflictEvent(i));
  page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  errors = pageErrors(page);
  await page.goto(ui.url);
});

afterAll(async () => {
  await browser?.close();
  await ui?.close();
});

const renderedRows = (list: string) => page.locator(`ul[aria-label="${list}"] > li`).count();

describe("screens at volume (headless Chromium)", () => {
  it("keeps the session token out of the address bar after loading", async () => {
    await page.waitForSelector(".card");
    expect(page.url()).not.toContain("session=");
  });

  it("shows 1,000 conflicts with only the visible rows in the DOM, and the unread count", async () => {
    await page.goto(`${page.url().split("#")[0]}#/inbox`);
    await expect.poll(() => page.textContent("[data-testid=inbox-unread]")).toBe("1000 unread");
    expect(await page.textContent("[data-testid=nav-unread]")).toBe("1000");
    expect(await renderedRows("Conflicts")).toBeLessThan(30);
    await page.locator(".virtual-list").evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await expect
      .poll(() => page.locator("[data-conflict]").last().getAttribute("data-conflict"))
      .toMatch(/conflict-\d+/);
    expect(await renderedRows("Conflicts")).toBeLessThan(30);
    await screenshot(page, "inbox-1000-conflicts");
  });

  it("acknowledges a conflict and the unread count drops", async () => {
    await page.locator(".virtual-list").evaluate((element) => element.scrollTo(0, 0));
    await page.locator("[data-conflict] button", { hasText: "Acknowledge" }).first().click();
    await expect.poll(() => page.textContent("[data-testid=inbox-unread]")).toBe("999 unread");
  });

  it("lists 10,000 audit entries virtualised, filters them and exports the filtered CSV", async () => {
    await page.goto(`${page.url().split("#")[0]}#/activity`);
    // Filtering 10,000 entries answers in well under a second alone; a loaded CI machine needs more than poll's 1 s.
    const counted = { timeout: 15_000 };
    await expect.poll(() => page.textContent("h1 .count"), counted).toBe("10,000");
    expect(await renderedRows("Activity")).toBeLessThan(40);
    await screenshot(page, "activity-10000-entries");
    await page.fill('input[aria-label="Filter activity"]', "Row 8999");
    await expect.poll(() => page.textContent("h1 .count"), counted).toBe("1");
    await page.fill('input[aria-label="Filter activity"]', "");
    await page.selectOption('select[aria-label="Database"]', "db-1");
    await expect.poll(() => page.textContent("h1 .count"), counted).toBe("9,000");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Export CSV")]);
    const csv = readFileSync(await download.path(), "utf8");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(9_001);
    expect(lines[0]).toBe("at,kind,connection,database,page,title,column,old,new,reason,source,detail");
    expect(lines[1]).toContain("Row 0");
  });

  it("shows each database's state on the dashboard, with the refusal that holds one back", async () => {
    await page.goto(`${page.url().split("#")[0]}#/dashboard`);
    await page.waitForSelector("[data-database=Events]");
    expect(await page.textContent("[data-database=Events] .badge")).toBe(
      "The shortener is limiting requests, 4 changes waiting",
    );
    expect(await page.textContent("[data-database=Events] .card__cause")).toBe(
      "The shortener is rate limiting requests; Linksync will retry later.",
    );
    expect(await page.textContent("[data-database='Campaign links'] .badge")).toBe("Synced");
    await screenshot(page, "dashboard-scripted");
  });

  it("removes a database only after a confirmation and an undo window, and Undo keeps it", async () => {
    const card = "[data-database=Events]";
    const detached = () => agent.calls.filter((call) => call.name === "detachDatabase").length;
    await page.click(`${card} button:has-text('Remove database…')`);
    await page.waitForSelector(`${card} legend:has-text('Remove database “Events”?')`);
    // The safe choice has the focus: Enter cancels.
    expect(await page.locator(":focus").textContent()).toBe("Cancel");
    await page.click(`${card} .remove-confirm button:has-text('Remove database')`);
    await page.waitForSelector(`${card} [role=status]:has-text('will be removed in')`);
    await screenshot(page, "remove-database-undo");
    await page.click(`${card} button:has-text('Undo')`);
    await page.waitForTimeout(UNDO_SECONDS * 1_000 + 500);
    expect(detached()).toBe(0);

    await page.click(`${card} button:has-text('Remove database…')`);
    await page.click(`${card} .remove-confirm button:has-text('Remove database')`);
    await expect.poll(detached, { timeout: (UNDO_SECONDS + 3) * 1_000 }).toBe(1);
    expect(agent.calls.find((call) => call.name === "detachDatabase")?.args).toEqual(["db-2"]);
  });

  it("previews an import with per-row errors before writing anything, the file picker reachable by keyboard", async () => {
    await page.goto(`${page.url().split("#")[0]}#/import`);
    await page.focus('select[aria-label="Database"]');
    await page.keyboard.press("Tab");
    expect(await page.locator("input[type=file]:focus").count()).toBe(1);
    await page.setInputFiles("input[type=file]", {
      name: "links.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "title,destination,tags\nSpring,https://acme.example/spring,launch\nBroken,javascript:alert(1),\n,https://x.example,\n",
      ),
    });
    await expect.poll(() => page.textContent("[data-testid=import-summary]")).toBe("1 ready2 with problems");
    expect(await page.locator(".import-row--bad").count()).toBe(2);
    expect(await page.textContent(".import-row--head")).toBe("LineTitleDestinationCheck");
    expect(await page.locator(".import-row--bad").first().textContent()).toMatch(/^Line: 3Title: Broken/);
    await screenshot(page, "import-preview");
  });

  it("has an empty state on every screen that can be empty, each passing the accessibility check", async () => {
    const quiet = new ScriptedAgent();
    quiet.databases = [database("db-1", "Campaign links")];
    const quietUi = await startHeadlessUi({
      agent: quiet,
      dataDir: mkdtempSync(join(tmpdir(), "linksync-quiet-")),
      port: 0,
    });
    const empty = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    empty.setDefaultTimeout(10_000);
    try {
      await empty.goto(quietUi.url);
      await empty.waitForSelector(".card");
      const base = empty.url().split("#")[0];
      for (const [route, text, name] of [
        ["inbox", "No conflicts", "inbox-empty"],
        ["activity", "Nothing here yet", "activity-empty"],
        ["import", "Drop a CSV file here", "import-empty"],
        ["edit/db-gone", "This database is not connected any more", "edit-database-gone"],
      ] as const) {
        await empty.goto(`${base}#/${route}`);
        await empty.waitForSelector(`text=${text}`);
        // Every screen, empty or not, has its h1 for the focus move and for a screen reader's outline.
        expect(await empty.locator("h1").count()).toBe(1);
        await screenshot(empty, name);
      }
      quiet.databases = [];
      await empty.goto(`${base}#/dashboard`);
      await empty.reload();
      await empty.waitForSelector("text=No database connected yet");
      expect(await empty.locator("h1").count()).toBe(1);
      await screenshot(empty, "dashboard-empty");
    } finally {
      await empty.close();
      await quietUi.close();
    }
  }, 120_000);

  it("ran without page errors or CSP violations", () => {
    expect(errors).toEqual([]);
  });

  it("says so when the companion stops answering, and keeps what it showed", async () => {
    await ui.close();
    await page.waitForSelector("[data-testid=host-unreachable]", { timeout: 15_000 });
    expect(await page.locator(".card, .import-row, .dropzone").count()).toBeGreaterThan(0);
    await screenshot(page, "host-unreachable");
  });
});
