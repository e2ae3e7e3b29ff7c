import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PgClient } from "../database/pg-client";
import { PgliteClient } from "../database/pglite-client";
import type { RunningShortener, ShortenerOptions } from "../server/start-shortener";
import { FakeClock } from "../testing/fake-clock";
import { type HttpReceiver, startReceiver } from "../testing/http-receiver";
import {
  call,
  createLink,
  postgresOptions,
  startTestShortener,
  startTestShortenerOn,
  visit,
} from "../testing/shortener-client";
import { createTestSchema, TEST_ENGINES, type TestEngine } from "../testing/test-database";
import { waitFor } from "../testing/wait-for";
import { LINK_PREVIEW_PATHS } from "./link-preview-paths";
import type { LinkPreviewSettings } from "./preview-settings";

const NOTION_CALLBACK = "https://notion.so/externalIntegrationAuthCallback";
const CLIENT = { id: "lp-client", secret: `lp-secret-${randomBytes(8).toString("hex")}` };
const NOTION_SECRET = `notion-secret-${randomBytes(8).toString("hex")}`;
const NOTION_TOKEN = `ntn_preview_${randomBytes(8).toString("hex")}`;
const OTHER_KEY = `globex-${randomBytes(8).toString("hex")}`;

const cleanup: (() => Promise<unknown>)[] = [];
let engine: TestEngine = "pglite";
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

interface Setup {
  readonly service: RunningShortener;
  readonly notion: HttpReceiver;
  readonly clock: FakeClock;
}

async function setup(options: Partial<ShortenerOptions> = {}): Promise<Setup> {
  const notion = await startReceiver((request) =>
    request.path === "/v1/oauth/token"
      ? { status: 200, body: { access_token: NOTION_TOKEN, token_type: "bearer", workspace_name: "Acme" } }
      : { status: 200, body: {} },
  );
  cleanup.push(() => notion.close());
  const clock = new FakeClock();
  const service = await startTestShortenerOn(engine, {
    accountName: "Acme Marketing",
    accounts: [{ id: "globex", name: "Globex", apiKey: OTHER_KEY }],
    now: clock.now,
    clickFlushIntervalMs: 5,
    linkPreviews: {
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      notionClientId: "notion-lp-client",
      notionClientSecret: NOTION_SECRET,
      notionBaseUrl: notion.url,
      notionRequestsPerSecond: 100,
      pollIntervalMs: 5,
    },
    ...options,
  });
  cleanup.push(() => service.close());
  return { service, notion, clock };
}

function ticketOf(page: string): string {
  const ticket = /name="ticket" value="([^"]+)"/.exec(page)?.[1];
  if (!ticket) throw new Error(`no ticket in ${page.slice(0, 300)}`);
  return ticket;
}

async function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** What Notion and the browser do: open the authorize URL, sign in, answer the consent page. */
async function consent(
  service: RunningShortener,
  apiKey: string,
  decision: "allow" | "deny",
  query: Record<string, string> = {},
): Promise<{ location: URL; consentPage: string }> {
  const authorize = `${service.url}${LINK_PREVIEW_PATHS.authorize}`;
  const params = new URLSearchParams({
    client_id: CLIENT.id,
    response_type: "code",
    redirect_uri: NOTION_CALLBACK,
    state: "notion-state-7",
    code: "notion-code-9",
    ...query,
  });
  const signIn = await fetch(`${authorize}?${params}`);
  expect(signIn.status).toBe(200);
  expect(signIn.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  const consentAnswer = await postForm(authorize, {
    ticket: ticketOf(await signIn.text()),
    action: "sign-in",
    api_key: apiKey,
  });
  expect(consentAnswer.status).toBe(200);
  const consentPage = await consentAnswer.text();
  const decided = await postForm(authorize, { ticket: ticketOf(consentPage), action: decision });
  expect(decided.status).toBe(302);
  return { location: new URL(decided.headers.get("location")!), consentPage };
}

async function tokenCall(service: RunningShortener, fields: Record<string, string>, secret = CLIENT.secret) {
  const response = await postForm(`${service.url}${LINK_PREVIEW_PATHS.token}`, fields, {
    authorization: `Basic ${Buffer.from(`${CLIENT.id}:${secret}`).toString("base64")}`,
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

async function connect(service: RunningShortener, apiKey = service.apiKey) {
  const { location } = await consent(service, apiKey, "allow");
  const answer = await tokenCall(service, {
    grant_type: "authorization_code",
    code: location.searchParams.get("code")!,
    redirect_uri: NOTION_CALLBACK,
  });
  expect(answer.status).toBe(200);
  return answer.body;
}

interface UnfurlAnswer {
  uri: string;
  operations: { path: string[]; set: unknown }[];
}

async function unfurl(service: RunningShortener, accessToken: string, uri: string, method = "POST") {
  const response = await fetch(`${service.url}${LINK_PREVIEW_PATHS.unfurl}`, {
    method,
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({ uri }),
  });
  return { status: response.status, body: (await response.json()) as UnfurlAnswer };
}

function attributes(answer: UnfurlAnswer | string): Record<string, unknown> {
  const parsed: UnfurlAnswer = typeof answer === "string" ? JSON.parse(answer) : answer;
  const [operation] = parsed.operations;
  expect(operation?.path).toEqual(["attributes"]);
  return Object.fromEntries(
    (operation!.set as { id: string; inline: unknown }[]).map((attribute) => [
      attribute.id,
      attribute.inline,
    ]),
  );
}

describe.each(TEST_ENGINES)("Link Previews: Linksync as Notion's OAuth provider (%s)", (under) => {
  beforeEach(() => {
    engine = under;
  });

  it("signs in, names the account, passes state back and exchanges Notion's code with external_account", async () => {
    const { service, notion } = await setup();
    const { location, consentPage } = await consent(service, service.apiKey, "allow");
    expect(consentPage).toContain("Acme Marketing");
    expect(`${location.origin}${location.pathname}`).toBe(NOTION_CALLBACK);
    expect(location.searchParams.get("state")).toBe("notion-state-7");

    const [exchange] = notion.received;
    expect(exchange!.path).toBe("/v1/oauth/token");
    expect(exchange!.headers.authorization).toBe(
      `Basic ${Buffer.from(`notion-lp-client:${NOTION_SECRET}`).toString("base64")}`,
    );
    expect(JSON.parse(exchange!.body)).toEqual({
      grant_type: "authorization_code",
      code: "notion-code-9",
      external_account: { key: "primary", name: "Acme Marketing" },
    });

    // Notion's guide shows the callback without its scheme in the token request.
    const tokens = await tokenCall(service, {
      grant_type: "authorization_code",
      code: location.searchParams.get("code")!,
      redirect_uri: "notion.so/externalIntegrationAuthCallback",
    });
    expect(tokens).toEqual({
      status: 200,
      body: {
        access_token: expect.stringMatching(/^lpa_/),
        token_type: "bearer",
        expires_in: 3600,
        refresh_token: expect.stringMatching(/^lpr_/),
      },
    });
    const replay = await tokenCall(service, {
      grant_type: "authorization_code",
      code: location.searchParams.get("code")!,
    });
    expect(replay).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("answers Deny with access_denied, a description and the state", async () => {
    const { service, notion } = await setup();
    const { location } = await consent(service, service.apiKey, "deny");
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("error_description")).toMatch(/denied/);
    expect(location.searchParams.get("state")).toBe("notion-state-7");
    expect(location.searchParams.get("code")).toBeNull();
    expect(notion.received).toHaveLength(0);
  });

  it("tells Notion of a failed exchange of its code instead of connecting without a token", async () => {
    const { service, notion } = await setup();
    notion.respond(() => ({
      status: 400,
      body: { error: "invalid_grant", error_description: "Code expired." },
    }));
    const { location } = await consent(service, service.apiKey, "allow");
    expect(location.searchParams.get("error")).toBe("server_error");
    expect(location.searchParams.get("error_description")).toMatch(/paste the link again/);
    expect(location.searchParams.get("state")).toBe("notion-state-7");
    expect(location.searchParams.get("code")).toBeNull();
  });

  it("refuses a foreign redirect_uri or client_id with a page, never a redirect, and asks again for a wrong key", async () => {
    const { service } = await setup();
    const base = `${service.url}${LINK_PREVIEW_PATHS.authorize}`;
    for (const query of [
      { client_id: CLIENT.id, response_type: "code", redirect_uri: "https://evil.example/cb", state: "s" },
      { client_id: "someone-else", response_type: "code", redirect_uri: NOTION_CALLBACK, state: "s" },
    ]) {
      const answer = await fetch(`${base}?${new URLSearchParams(query)}`, { redirect: "manual" });
      expect(answer.status).toBe(400);
      expect(answer.headers.get("location")).toBeNull();
    }
    const page = await fetch(
      `${base}?${new URLSearchParams({ client_id: CLIENT.id, response_type: "code", redirect_uri: NOTION_CALLBACK })}`,
    );
    const wrong = await postForm(base, {
      ticket: ticketOf(await page.text()),
      action: "sign-in",
      api_key: "nope",
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toMatch(/belongs to no Linksync account/);
  });

  it("refreshes with rotation, refuses a bad client, and lets access tokens expire", async () => {
    const { service, clock } = await setup();
    const first = await connect(service);
    const badClient = await tokenCall(
      service,
      { grant_type: "refresh_token", refresh_token: first.refresh_token! },
      "wrong",
    );
    expect(badClient).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const second = await tokenCall(service, {
      grant_type: "refresh_token",
      refresh_token: first.refresh_token!,
    });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(
      await tokenCall(service, { grant_type: "refresh_token", refresh_token: first.refresh_token! }),
    ).toMatchObject({
      status: 400,
      body: { error: "invalid_grant" },
    });
    const link = await createLink(service, { destination: "https://example.com/x" });
    expect((await unfurl(service, first.access_token!, link.shortUrl)).status).toBe(401);
    expect((await unfurl(service, second.body.access_token!, link.shortUrl)).status).toBe(200);
    clock.advance(3600_000);
    const expired = await unfurl(service, second.body.access_token!, link.shortUrl);
    expect(expired).toMatchObject({ status: 401, body: { error: "invalid_token" } });
    expect(await tokenCall(service, { grant_type: "password" })).toMatchObject({
      body: { error: "unsupported_grant_type" },
    });
  });

  it("stores Notion's token sealed, never in plain text", async () => {
    let storage: Partial<ShortenerOptions>;
    let open: () => Promise<{ query: PgClient["query"]; close(): Promise<void> }>;
    if (engine === "postgres") {
      const schema = await createTestSchema();
      cleanup.push(schema.drop);
      storage = postgresOptions(schema);
      open = async () =>
        new PgClient({
          connectionString: schema.databaseUrl,
          schema: schema.databaseSchema,
          onError: () => {},
        });
    } else {
      const directory = await mkdtemp(join(tmpdir(), "linksync-previews-"));
      cleanup.push(() => rm(directory, { recursive: true, force: true }));
      storage = { dataDir: join(directory, "data") };
      open = () => PgliteClient.open({ dataDir: join(directory, "data") });
    }
    await expect(
      startTestShortener({
        ...storage,
        linkPreviews: { clientId: "c", clientSecret: "s", notionClientId: "n", notionClientSecret: "ns" },
      }),
    ).rejects.toThrow(/set secretsKey/);
    const { service } = await setup({ ...storage, secretsKey: randomBytes(32).toString("base64") });
    const tokens = await connect(service);
    await service.close();
    const database = await open();
    const { rows } = await database.query("SELECT * FROM preview_grants");
    await database.close();
    const stored = JSON.stringify(rows);
    expect(stored).toContain('"notion_token":"v1.');
    expect(stored).not.toContain(NOTION_TOKEN);
    expect(stored).not.toContain(tokens.access_token);
    expect(stored).not.toContain(tokens.refresh_token);
  });

  it("counts query variants of one link as one preview: a change sends one update", async () => {
    const { service, notion, clock } = await setup();
    const { access_token } = await connect(service);
    const link = await createLink(service, { destination: "https://example.com/a" });
    for (const variant of ["", "?utm_source=a", "?utm_source=b"]) {
      expect((await unfurl(service, access_token!, `${link.shortUrl}${variant}`)).status).toBe(200);
    }
    await call(service, "PATCH", `/api/links/${link.id}`, { body: { destination: "https://example.com/b" } });
    clock.advance(60_000);
    const patches = () => notion.received.filter((request) => request.path === "/v1/external/object");
    await waitFor(() => patches().length === 1, "the update");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(patches()).toHaveLength(1);
    expect(JSON.parse(patches()[0]!.body).uri).toBe(`${link.shortUrl}?utm_source=b`);
  });
});

describe.each(TEST_ENGINES)("Link Previews: unfurl, update, delete (%s)", (under) => {
  beforeEach(() => {
    engine = under;
  });

  it("unfurls a short link with title, developer, destination, clicks, tags and last click", async () => {
    const { service } = await setup();
    const { access_token } = await connect(service);
    const link = await createLink(service, {
      destination: "https://example.com/spring",
      title: "Spring sale",
      tags: ["spring", "email"],
    });
    await visit(service, link.slug);
    const answer = await unfurl(service, access_token!, link.shortUrl);
    expect(answer.status).toBe(200);
    expect(answer.body.uri).toBe(link.shortUrl);
    const shown = attributes(answer.body);
    expect(shown.title).toEqual({ title: { value: "Spring sale", section: "title" } });
    expect(shown.dev).toEqual({ plain_text: { value: "Linksync", section: "secondary" } });
    expect(shown.destination).toMatchObject({ plain_text: { value: "https://example.com/spring" } });
    expect(shown.clicks).toMatchObject({ plain_text: { value: "1 click" } });
    expect(shown.tags).toMatchObject({ plain_text: { value: "spring, email" } });
    expect(shown.lastClick).toEqual({
      datetime: { value: "2026-11-22T18:00:00.000Z", section: "secondary" },
    });
  });

  it("answers error operations: 404 for an unknown slug or another domain, 403 for another account's link", async () => {
    const { service } = await setup();
    const { access_token } = await connect(service);
    const theirs = await call<{ shortUrl: string }>(service, "POST", "/api/links", {
      body: { destination: "https://example.com/globex" },
      apiKey: OTHER_KEY,
    });
    for (const [uri, status] of [
      [`${service.brandedBaseUrl}/doesNotExist`, 404],
      ["https://elsewhere.example/abc", 404],
      [theirs.body.shortUrl, 403],
    ] as const) {
      const answer = await unfurl(service, access_token!, uri);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        uri,
        operations: [{ path: ["error"], set: { status, message: expect.any(String) } }],
      });
    }
    const globex = await connect(service, OTHER_KEY);
    expect(
      attributes((await unfurl(service, globex.access_token!, theirs.body.shortUrl)).body).dev,
    ).toBeDefined();
  });

  it("sends the full attribute set to PATCH /v1/external/object, batching a minute of changes per link", async () => {
    const { service, notion, clock } = await setup();
    const { access_token } = await connect(service);
    const link = await createLink(service, { destination: "https://example.com/a", tags: ["a"] });
    await unfurl(service, access_token!, link.shortUrl);
    const patches = () => notion.received.filter((request) => request.path === "/v1/external/object");

    await call(service, "PATCH", `/api/links/${link.id}`, { body: { destination: "https://example.com/b" } });
    clock.advance(30_000);
    await call(service, "PATCH", `/api/links/${link.id}`, { body: { tags: ["a", "b"] } });
    await visit(service, link.slug);
    clock.advance(30_000);
    await waitFor(() => patches().length === 1, "the first update");
    const [update] = patches();
    expect(update!.method).toBe("PATCH");
    expect(update!.headers.authorization).toBe(`Bearer ${NOTION_TOKEN}`);
    expect(JSON.parse(update!.body).uri).toBe(link.shortUrl);
    const sent = attributes(update!.body);
    expect(sent).toMatchObject({
      title: expect.anything(),
      dev: expect.anything(),
      destination: { plain_text: { value: "https://example.com/b" } },
      tags: { plain_text: { value: "a, b" } },
    });

    await visit(service, link.slug);
    await visit(service, link.slug);
    clock.advance(60_000);
    await waitFor(() => patches().length === 2, "the next minute's update");
    expect(attributes(patches()[1]!.body).clicks).toMatchObject({ plain_text: { value: "3 clicks" } });
  });

  it("waits out Notion's 429 and sends the update again", async () => {
    const { service, notion, clock } = await setup();
    const { access_token } = await connect(service);
    const link = await createLink(service, { destination: "https://example.com/a" });
    await unfurl(service, access_token!, link.shortUrl);
    let limited = false;
    notion.respond((request) => {
      if (request.path !== "/v1/external/object") return { status: 200, body: {} };
      if (limited) return { status: 200, body: {} };
      limited = true;
      return { status: 429, body: { object: "error", code: "rate_limited" } };
    });
    await call(service, "PATCH", `/api/links/${link.id}`, { body: { destination: "https://example.com/b" } });
    clock.advance(60_000);
    const patches = () => notion.received.filter((request) => request.path === "/v1/external/object");
    await waitFor(() => patches().length === 2, "the update after the 429");
    expect(attributes(patches()[1]!.body).destination).toMatchObject({
      plain_text: { value: "https://example.com/b" },
    });
  });

  it("stops updating a preview Notion deleted, and revokes our tokens on the deleted-token callback", async () => {
    const { service, notion, clock } = await setup();
    const tokens = await connect(service);
    const link = await createLink(service, { destination: "https://example.com/a" });
    const kept = await createLink(service, { destination: "https://example.com/kept" });
    await unfurl(service, tokens.access_token!, link.shortUrl);
    await unfurl(service, tokens.access_token!, kept.shortUrl);
    expect((await unfurl(service, tokens.access_token!, link.shortUrl, "DELETE")).status).toBe(200);
    await call(service, "PATCH", `/api/links/${link.id}`, { body: { destination: "https://example.com/z" } });
    await call(service, "PATCH", `/api/links/${kept.id}`, {
      body: { destination: "https://example.com/kept2" },
    });
    clock.advance(60_000);
    const patches = () => notion.received.filter((request) => request.path === "/v1/external/object");
    await waitFor(() => patches().length === 1, "the update of the kept preview");
    expect(JSON.parse(patches()[0]!.body).uri).toBe(kept.shortUrl);

    const deleted = await postForm(
      `${service.url}${LINK_PREVIEW_PATHS.deletedToken}`,
      {},
      {
        authorization: `Bearer ${tokens.access_token}`,
      },
    );
    expect(deleted.status).toBe(200);
    expect((await unfurl(service, tokens.access_token!, kept.shortUrl)).status).toBe(401);
    expect(
      await tokenCall(service, { grant_type: "refresh_token", refresh_token: tokens.refresh_token! }),
    ).toMatchObject({
      body: { error: "invalid_grant" },
    });
    expect(patches()).toHaveLength(1);
  });

  it("gives the values for Notion's dashboard, with a URL pattern that matches our short links only", async () => {
    const { service } = await setup({
      brandedBaseUrl: "https://go.acme.com",
      publicUrl: "https://links.acme.com",
    });
    const answer = await call<LinkPreviewSettings>(service, "GET", "/api/link-previews/settings");
    expect(answer.body).toEqual({
      authorizationUrl: "https://links.acme.com/link-previews/authorize",
      tokenUrl: "https://links.acme.com/link-previews/token",
      deletedTokenCallbackUrl: "https://links.acme.com/link-previews/deleted-token",
      unfurlCallbackUrl: "https://links.acme.com/link-previews/unfurl",
      clientId: CLIENT.id,
      domain: "go.acme.com",
      urlPattern: expect.any(String),
      sampleUrl: "https://go.acme.com/x7Kp2aB",
    });
    expect(service.linkPreviewSettings).toEqual(answer.body);
    const pattern = new RegExp(answer.body.urlPattern);
    expect(pattern.exec("https://go.acme.com/x7Kp2aB")?.groups?.slug).toBe("x7Kp2aB");
    expect(pattern.exec("https://go.acme.com/spring-sale?utm_source=notion")?.groups?.slug).toBe(
      "spring-sale",
    );
    expect(pattern.test("https://go.acme.com/x7Kp2aB.png")).toBe(false);
    expect(pattern.test("https://go.acme.com.evil.example/x7Kp2aB")).toBe(false);
    expect((await call(service, "GET", "/api/link-previews/settings", { apiKey: null })).status).toBe(401);
  });
});
