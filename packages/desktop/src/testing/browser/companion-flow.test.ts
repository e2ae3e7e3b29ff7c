import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  AUDIT_FILE_NAME,
  createNotionGateway,
  decodeRow,
  defaultFieldMap,
  type LinksyncEvents,
} from "@linksync/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SETTINGS_FILE_NAME } from "../../host/settings/settings-store";
import { launchChromium, pageErrors, screenshot } from "./chromium";
import { type RealStack, startRealStack } from "./real-stack";

/**
 * The companion end to end in Debian's Chromium: `startHeadlessUi` in front of the real agent, the Notion sandbox
 * and the Linksync shortener. One story, in order: connect, pick, map, backfill, dashboard, a conflict arriving in
 * the inbox, acknowledge, CSV export, a revoked token.
 */
const ROWS = 40;

let stack: RealStack;
let browser: Browser;
let page: Page;
let errors: string[];
const minted: LinksyncEvents["link.created"][] = [];
const progress: LinksyncEvents["sync.progress"][] = [];
const rowFailures: LinksyncEvents["row.failed"][] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startRealStack({ rows: ROWS, clicksIntervalMs: 500, requestsPerSecond: 25 }),
    launchChromium(),
  ]);
  stack.agent.events.on("link.created", (event) => minted.push(event));
  stack.agent.events.on("sync.progress", (event) => progress.push(event));
  stack.agent.events.on("row.failed", (event) => rowFailures.push(event));
  page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
  errors = pageErrors(page);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const route = (name: string) => page.goto(`${new URL(page.url()).origin}/#/${name}`);

describe("companion flow against the real agent (headless Chromium)", () => {
  it("opens on onboarding the first time and connects Notion with an internal token", async () => {
    await page.goto(stack.ui.url);
    await page.waitForSelector("text=Connect Notion");
    await screenshot(page, "onboarding-1-connect");
    await page.click("summary:has-text('Advanced')");
    await page.fill('input[type="password"]', stack.campaign.token);
    await page.click("button:has-text('Connect with the secret')");
    await page.waitForSelector("text=Pick your links databases");
    expect(stack.agent.status().connections).toHaveLength(1);
  });

  it("searches and picks the campaign database", async () => {
    await page.fill('input[aria-label="Search databases"]', "Spring");
    await page.waitForSelector(".pick-list label:has-text('Spring Campaign')");
    await page.check(".pick-list label:has-text('Spring Campaign') input");
    await screenshot(page, "onboarding-2-pick");
    // Its columns are fine as found; the user asks to see them anyway.
    await page.click("button:has-text('Choose the columns and shortener myself')");
  });

  it("offers only compatible columns in plain words, checks each choice live and says why Continue waits", async () => {
    await page.waitForSelector(".field-map table");
    await expect.poll(() => page.locator(".badge:has-text('Will be created')").count()).toBeGreaterThan(0);
    const destinationChoices = await page.$$eval(
      'select[aria-label="Column for Destination"] option',
      (options) => options.map((option) => option.textContent),
    );
    expect(destinationChoices).toEqual(["Destination", "Short URL"]);
    expect(await page.textContent(".field-map tbody")).toContain("URL · Where the short link points");
    await page.selectOption('select[aria-label="Column for Short URL"]', "Destination");
    // The choice stays shown while the engine checks it.
    expect(await page.inputValue('select[aria-label="Column for Short URL"]')).toBe("Destination");
    await page.waitForSelector(".row--bad");
    expect(await page.textContent(".row--bad .inline-error")).toMatch(/both mapped to "Destination"/);
    expect(await page.isDisabled("button:has-text('Continue')")).toBe(true);
    expect(await page.textContent(".step-footer__reason")).toMatch(/both mapped to "Destination"/);
    await screenshot(page, "onboarding-3-field-map-error");
    await page.selectOption('select[aria-label="Column for Short URL"]', "Short URL");
    await expect.poll(() => page.locator(".row--bad").count()).toBe(0);
    expect(await page.isChecked(".consent input")).toBe(true);
    await expect.poll(() => page.locator(".step-footer__reason").count()).toBe(0);
    await screenshot(page, "onboarding-3-field-map");
    await page.click("button:has-text('Continue')");
  });

  it("attaches with the built-in shortener and shows the backfill's progress, rate and ETA", async () => {
    await page.waitForSelector("text=Where should short links live?");
    await screenshot(page, "onboarding-4-provider");
    await page.click("button:has-text('Start creating links')");
    // A handle keeps the node readable after the backfill ends and the caption leaves the page.
    const caption = await page.waitForSelector(".backfill .progress__caption");
    expect(await caption.textContent()).toMatch(
      /\d+ of \d+ · [\d.]+ rows\/s · (about \d+ (s|min) left|estimating…)/,
    );
    await screenshot(page, "onboarding-5-backfill");
    await page.waitForSelector("text=All set", { timeout: 60_000 });
    await screenshot(page, "onboarding-6-all-set");
    expect(progress.some((event) => event.phase === "backfill" && event.total > 0)).toBe(true);
    expect(minted.length).toBeGreaterThan(0);
  }, 90_000);

  it("shows the database synced on the dashboard, with Sync now and the clicks chart", async () => {
    const first = minted[0];
    if (first) for (let i = 0; i < 3; i++) await fetch(first.shortUrl, { redirect: "manual" });
    await route("dashboard");
    await page.waitForSelector(".card[data-database='Spring Campaign'] .badge[data-state=synced]", {
      timeout: 30_000,
    });
    await page.click("button:has-text('Sync now')");
    // The cycle must be over before the next test edits both sides, or it would see one edit alone.
    await page.waitForSelector("button:has-text('Sync now'):not([disabled])");
    await expect
      .poll(async () => page.locator(".clicks-chart__row").count(), { timeout: 20_000, interval: 500 })
      .toBeGreaterThan(0);
    // Every sync here refreshes clicks (500 ms interval): today's bar counts the 3 clicks, the range can change.
    const card = ".card[data-database='Spring Campaign']";
    const today = async () =>
      (await page.$(`${card} .clicks-per-day__bars li:last-child .clicks-chart__value`))?.textContent() ??
      null;
    await expect.poll(today, { timeout: 20_000, interval: 500 }).toBe("3 clicks");
    await page.selectOption(`${card} .clicks-per-day select`, "1");
    expect(await page.locator(`${card} .clicks-per-day__bars li`).count()).toBe(1);
    // Top links carry their full titles and short links.
    expect(
      await page.textContent(`${card} .clicks-chart:not(.clicks-per-day__bars) .clicks-chart__title`),
    ).toContain(first?.shortUrl ?? "");
    await screenshot(page, "dashboard");
  });

  it("counts and lists the rows that got no short link, each with its reason, a link to it in Notion and Retry", async () => {
    const failedPages = new Set(rowFailures.map((event) => event.pageId));
    expect(failedPages.size).toBeGreaterThan(0);
    const card = ".card[data-database='Spring Campaign']";
    await page.waitForSelector(`${card} [data-testid=failed-rows]`);
    expect(await page.textContent(`${card} [data-testid=failed-rows] summary`)).toContain(
      `${failedPages.size} ${failedPages.size === 1 ? "row needs" : "rows need"} attention`,
    );
    await page.click(`${card} [data-testid=failed-rows] summary`);
    expect(await page.locator(`${card} [data-testid=failed-rows] li`).count()).toBe(failedPages.size);
    const first = rowFailures[0];
    if (first) expect(await page.textContent(`${card} [data-testid=failed-rows]`)).toContain(first.message);
    expect(await page.getAttribute(`${card} [data-testid=failed-rows] li a`, "href")).toMatch(
      /^https:\/\/www\.notion\.so\/[0-9a-f]{32}$/,
    );
    await screenshot(page, "dashboard-failed-rows");
    await page.click(`${card} [data-testid=failed-rows] button:has-text('Retry')`);
    await page.waitForSelector(`${card} [data-testid=failed-rows] button:has-text('Retry'):not([disabled])`, {
      timeout: 30_000,
    });
  });

  it("a conflict made through the sandbox and the shortener arrives in the inbox with the unread count", async () => {
    const link = minted[1];
    expect(link).toBeDefined();
    if (!link) return;
    await stack.sandbox.control.editPageAsPerson(link.pageId, {
      Destination: "https://acme.example/notion-wins",
    });
    const patch = await fetch(`${stack.shortener.url}/api/links/${link.linkId}`, {
      method: "PATCH",
      headers: {
        authorization: `Bearer ${stack.shortener.apiKey}`,
        "content-type": "application/json",
        "x-linksync-source": "zapier",
      },
      body: JSON.stringify({ destination: "https://acme.example/zapier-loses" }),
    });
    expect(patch.ok).toBe(true);
    await stack.agent.syncNow();
    await expect.poll(() => page.textContent("[data-testid=nav-unread]"), { timeout: 20_000 }).toBe("1");
    await route("inbox");
    await page.waitForSelector("[data-conflict]");
    expect(await page.textContent("[data-testid=inbox-unread]")).toBe("1 unread");
    expect(await page.textContent(".value--kept")).toBe("https://acme.example/notion-wins");
    expect(await page.textContent(".value--dropped")).toBe("https://acme.example/zapier-loses");
    await screenshot(page, "inbox-conflict");
    // The list truncates to one line; "Show full values" shows each value whole.
    await page.click("[data-conflict] button:has-text('Show full values')");
    const details = page.locator("#conflict-details");
    await details.waitFor();
    expect(await details.locator("dd").allTextContents()).toEqual(
      expect.arrayContaining([
        "Spring Campaign",
        "https://acme.example/notion-wins",
        "https://acme.example/zapier-loses",
        "Zapier",
      ]),
    );
    await screenshot(page, "inbox-conflict-expanded");
    await page.click("#conflict-details button:has-text('Close')");
  });

  it("names the conflict's database, and can use the dropped value instead (an audited outside write)", async () => {
    const link = minted[1];
    if (!link) throw new Error("no second link");
    expect(await page.textContent("[data-conflict] .conflict__database")).toBe("Spring Campaign");
    await page.click("[data-conflict] button:has-text('Use the dropped value instead')");
    await expect.poll(() => page.textContent("[data-testid=inbox-unread]")).toBe("0 unread");
    expect(await page.locator("[data-testid=nav-unread]").count()).toBe(0);
    expect(stack.agent.status().unreadConflicts).toBe(0);
    const notion = createNotionGateway({ auth: stack.campaign.token, baseUrl: stack.sandbox.baseUrl });
    const row = decodeRow(await notion.retrievePage(link.pageId), defaultFieldMap());
    expect(row.destination).toBe("https://acme.example/zapier-loses");
    const audit = readFileSync(join(stack.dataDir, AUDIT_FILE_NAME), "utf8");
    expect(audit).toContain('"source":"desktop"');
  });

  it("lists the audit log in Activity and exports it as CSV", async () => {
    await route("activity");
    await page.waitForSelector(".activity-row");
    // Linksync's own bookkeeping columns are hidden until asked for; the rest reads in words, with dates.
    const details = () => page.locator(".activity-row .muted").allTextContents();
    expect((await details()).some((line) => /^(Link ID|Last Synced|Synced Destination) /.test(line))).toBe(
      false,
    );
    expect(await page.textContent(".filters__check")).toMatch(/\(\d[\d,]* hidden\)/);
    await screenshot(page, "activity");
    await page.fill('input[aria-label="Filter activity"]', "lnk_");
    await expect.poll(details).toEqual([]);
    await page.check(".filters__check input");
    await expect
      .poll(async () => (await details()).some((line) => /^Link ID set to lnk_/.test(line)))
      .toBe(true);
    await page.uncheck(".filters__check input");
    await page.fill('input[aria-label="Filter activity"]', "Short URL");
    await expect.poll(async () => (await details())[0] ?? "").toMatch(/^Short URL set to http\S+ · /);
    expect((await details()).join("\n")).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    // An entry expands to every value in full, with a link to its row in Notion.
    await page.locator(".activity-row").first().click();
    const entry = page.locator("#activity-entry-details");
    await entry.waitFor();
    expect(await entry.locator("dt").allTextContents()).toEqual(
      expect.arrayContaining(["When", "Database", "Row", "Before", "After", "Why", "Made by"]),
    );
    expect(await entry.locator("a:has-text('Open the row in Notion')").getAttribute("href")).toMatch(
      /^https:\/\/www\.notion\.so\/[0-9a-f]{32}$/,
    );
    await screenshot(page, "activity-entry-expanded");
    await page.fill('input[aria-label="Filter activity"]', "");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Export CSV")]);
    const csv = readFileSync(await download.path(), "utf8");
    expect(csv.split("\r\n")[0]).toBe(
      "at,kind,connection,database,page,title,column,old,new,reason,source,detail",
    );
    expect(csv).toContain("conflict,");
    expect(csv).not.toContain(stack.campaign.token);
  });

  it("imports a CSV from the Import screen: the host's preview, Import, each row's result; again creates nothing", async () => {
    const csv = [
      "title,destination,tags",
      "Imported one,https://acme.example/imported-1,import;csv",
      "Imported two,https://acme.example/imported-2,",
      "Broken,javascript:alert(1),",
    ].join("\r\n");
    const chooseFile = () =>
      page.setInputFiles("input[type=file]", {
        name: "links.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(csv),
      });
    await route("import");
    await chooseFile();
    await expect.poll(() => page.textContent("[data-testid=import-summary]")).toBe("2 ready1 with problems");
    await screenshot(page, "import-1-preview");
    await page.click("button:has-text('Import 2 rows')");
    await page.waitForSelector("[data-testid=import-result]", { timeout: 30_000 });
    expect(await page.textContent("[data-testid=import-result]")).toBe("2 created1 failed");
    expect(await page.locator("[data-import-status=created]").count()).toBe(2);
    await screenshot(page, "import-2-results");

    const imported = minted.filter((event) => event.title.startsWith("Imported "));
    expect(imported.map((event) => event.destination).sort()).toEqual([
      "https://acme.example/imported-1",
      "https://acme.example/imported-2",
    ]);
    const notion = createNotionGateway({ auth: stack.campaign.token, baseUrl: stack.sandbox.baseUrl });
    for (const event of imported) {
      const row = decodeRow(await notion.retrievePage(event.pageId), defaultFieldMap());
      expect(row).toMatchObject({
        title: event.title,
        destination: event.destination,
        shortUrl: event.shortUrl,
      });
      const redirect = await fetch(event.shortUrl, { redirect: "manual" });
      expect(redirect.headers.get("location")).toBe(event.destination);
    }

    await route("dashboard");
    await route("import");
    await chooseFile();
    await page.click("button:has-text('Import 2 rows')");
    await page.waitForSelector("[data-testid=import-result]", { timeout: 30_000 });
    expect(await page.textContent("[data-testid=import-result]")).toBe("0 created2 already there1 failed");
    expect(minted.filter((event) => event.title.startsWith("Imported "))).toHaveLength(2);
  });

  it("creates a new links database under a page pasted as a link, with every column", async () => {
    await route("onboarding");
    await page.click(".existing button");
    await page.click("summary:has-text('Create a new links database')");
    await page.fill('input[placeholder^="https://www.notion.so/"]', "not a link");
    await page.waitForSelector("text=This is not a Notion page link");
    const compactId = stack.campaign.parentPageId.replaceAll("-", "");
    await page.fill(
      'input[placeholder^="https://www.notion.so/"]',
      `https://www.notion.so/Marketing-HQ-${compactId}?pvs=4`,
    );
    await page.fill("label:has-text('Database title') input", "Summer Links");
    await page.click("button:has-text('Continue with a new database')");
    await page.click("button:has-text('Start creating links')");
    await page.waitForSelector("text=All set", { timeout: 30_000 });
    const created = stack.agent.status().databases.find((database) => database.title === "Summer Links");
    expect(created).toMatchObject({ rows: 0, state: { kind: "synced" } });
    await route("dashboard");
    await page.waitForSelector(".card[data-database='Summer Links']");
    await screenshot(page, "dashboard-two-databases");
  });

  it("shows the settings screen with the workspace connected", async () => {
    await route("settings");
    await page.waitForSelector(".workspace .badge--ok");
    await screenshot(page, "settings");
    // QR codes: Automatic by default; a choice is saved for the databases connected from then on.
    const qrCodes = "label:has-text('QR codes') select";
    expect(await page.inputValue(qrCodes)).toBe("auto");
    await page.selectOption(qrCodes, "link");
    await expect
      .poll(() => JSON.parse(readFileSync(join(stack.dataDir, SETTINGS_FILE_NAME), "utf8")).qrImages)
      .toBe("link");
    await page.selectOption(qrCodes, "auto");
  });

  it("shows a revoked token as disconnected, with Reconnect", async () => {
    await stack.sandbox.control.revokeToken(stack.campaign.token);
    await stack.agent.syncNow();
    await route("settings");
    await page.waitForSelector("[data-testid=disconnected-banner]", { timeout: 20_000 });
    await page.waitForSelector(".workspace .badge--bad");
    expect(await page.textContent("[data-testid=disconnected-banner]")).toMatch(/disconnected/);
    await screenshot(page, "revoked-disconnected");
  });

  it("ran without page errors or CSP violations", () => {
    expect(errors).toEqual([]);
  });
});
