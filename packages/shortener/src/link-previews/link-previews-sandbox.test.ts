import { randomBytes } from "node:crypto";
import { type RunningSandbox, startSandbox } from "@linksync/notion-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningShortener, startShortener } from "../server/start-shortener";
import { freeLoopbackPort } from "../testing/http-receiver";
import { call, createLink } from "../testing/shortener-client";
import { waitFor } from "../testing/wait-for";
import { linkPreviewSettings } from "./preview-settings";

const CLIENT = { id: "linksync-previews", secret: `lp-${randomBytes(12).toString("hex")}` };
let sandbox: RunningSandbox;
let service: RunningShortener;
let integrationId: string;
let pageId: string;
let personIds: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  const seed = await sandbox.control.seedWorkspace({
    workspaceName: "Acme",
    people: [
      { name: "Grace Hopper", email: "grace@example.com" },
      { name: "Alan Turing", email: "alan@example.com" },
    ],
    pages: [{ title: "Campaign notes" }],
  });
  pageId = seed.pageIds["Campaign notes"]!;
  personIds = seed.personIds;
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const settings = linkPreviewSettings(url, url, CLIENT.id);
  const integration = await sandbox.control.createLinkPreviewIntegration({
    name: "Linksync",
    authorizeUrl: settings.authorizationUrl,
    tokenUrl: settings.tokenUrl,
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    unfurlCallbackUrl: settings.unfurlCallbackUrl,
    deletedTokenCallbackUrl: settings.deletedTokenCallbackUrl,
    domain: settings.domain,
    patterns: [settings.urlPattern],
  });
  integrationId = integration.integrationId;
  service = await startShortener({
    apiKey: `key-${randomBytes(8).toString("hex")}`,
    port,
    accountName: "Acme Marketing",
    clickFlushIntervalMs: 5,
    linkPreviews: {
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      notionClientId: integration.notionClientId,
      notionClientSecret: integration.notionClientSecret,
      notionBaseUrl: sandbox.baseUrl,
      notionRedirectUri: integration.redirectUri,
      updateIntervalMs: 20,
      pollIntervalMs: 5,
    },
  });
});
afterAll(async () => {
  await service.close();
  await sandbox.close();
});

function ticketOf(page: string): string {
  return /name="ticket" value="([^"]+)"/.exec(page)![1]!;
}

async function form(fields: Record<string, string>): Promise<Response> {
  return fetch(`${service.url}/link-previews/authorize`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The person's browser on our consent pages; answers the URL we redirect back to Notion. */
async function answerConsent(authorizeUrl: string, decision: "allow" | "deny"): Promise<string> {
  const signIn = await fetch(authorizeUrl);
  const consent = await form({
    ticket: ticketOf(await signIn.text()),
    action: "sign-in",
    api_key: service.apiKey,
  });
  const page = await consent.text();
  expect(page).toContain("Acme Marketing");
  const decided = await form({ ticket: ticketOf(page), action: decision });
  expect(decided.status).toBe(302);
  return decided.headers.get("location")!;
}

function attribute(preview: { attributes: { id: string }[] }, id: string): unknown {
  return preview.attributes.find((candidate) => candidate.id === id);
}

describe("Link Previews against the sandbox playing Notion", () => {
  it("connects on the first paste, unfurls, follows changes, and forgets a deleted preview", async () => {
    const link = await createLink(service, {
      destination: "https://example.com/spring",
      title: "Spring sale",
      tags: ["spring"],
    });
    const pasted = await sandbox.control.pasteLink({ url: link.shortUrl, pageId });
    if (pasted.status !== "authorization_required") throw new Error(`unexpected ${pasted.status}`);
    const redirect = await answerConsent(pasted.authorizeUrl, "allow");
    const done = await sandbox.control.completeLinkAuthorization(redirect);
    if (done.status !== "unfurled") throw new Error(`unexpected ${JSON.stringify(done)}`);
    expect(done.preview.error).toBeNull();
    expect(done.preview.accountKey).toBe("primary");
    expect(attribute(done.preview, "title")).toMatchObject({ inline: { title: { value: "Spring sale" } } });
    expect(attribute(done.preview, "dev")).toMatchObject({ inline: { plain_text: { value: "Linksync" } } });

    await call(service, "PATCH", `/api/links/${link.id}`, {
      body: { destination: "https://example.com/summer", tags: ["summer"] },
    });
    let shown = done.preview;
    await waitFor(async () => {
      shown = (await sandbox.control.linkPreviews(pageId)).find((preview) => preview.id === done.preview.id)!;
      return JSON.stringify(attribute(shown, "destination")).includes("https://example.com/summer");
    }, "the preview to show the new destination");
    expect(attribute(shown, "tags")).toMatchObject({ inline: { plain_text: { value: "summer" } } });

    const deleted = await sandbox.control.deleteLinkPreview(done.preview.id);
    expect(deleted).toEqual({ deleted: true, callbackStatus: 200 });
  });

  it("shows our error operation for an unknown slug", async () => {
    const pasted = await sandbox.control.pasteLink({ url: `${service.brandedBaseUrl}/noSuchLink`, pageId });
    if (pasted.status !== "unfurled") throw new Error(`unexpected ${pasted.status}`);
    expect(pasted.preview.error).toMatchObject({ status: 404 });
  });

  it("passes Deny back to Notion as access_denied", async () => {
    const link = await createLink(service, { destination: "https://example.com/deny" });
    const pasted = await sandbox.control.pasteLink({
      url: link.shortUrl,
      pageId,
      personId: personIds["Alan Turing"]!,
    });
    if (pasted.status !== "authorization_required") throw new Error(`unexpected ${pasted.status}`);
    const outcome = await sandbox.control.completeLinkAuthorization(
      await answerConsent(pasted.authorizeUrl, "deny"),
    );
    expect(outcome).toMatchObject({ status: "denied", error: "access_denied" });
  });

  it("revokes our tokens when Notion disconnects the account", async () => {
    const disconnected = await sandbox.control.disconnectLinkPreviewAccount(
      integrationId,
      personIds["Grace Hopper"]!,
    );
    expect(disconnected).toEqual({ disconnected: true, callbackStatus: 200 });
    const calls = await sandbox.control.linkPreviewCalls();
    expect(calls.filter((entry) => entry.kind === "deleted_token").map((entry) => entry.status)).toEqual([
      200,
    ]);
  });
});
