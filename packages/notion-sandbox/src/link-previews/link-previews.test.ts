import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { APIErrorCode, Client, isNotionClientError } from "@notionhq/client";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../sandbox";
import { NOTION_LINK_PREVIEW_REDIRECT_URI } from "./link-previews";

/**
 * A stand-in for the integration's service (the shortener plays it in production): an OAuth provider
 * for Notion whose consent exchanges Notion's code at the sandbox, a token URL, an unfurl callback
 * and a deleted-token callback.
 */
async function startService(notionBaseUrl: string) {
  const state = {
    notion: { clientId: "", clientSecret: "" },
    notionTokens: [] as string[],
    issued: new Set<string>(),
    deletes: [] as { path: string; authorization: string | undefined; body: unknown }[],
    tokenRequests: [] as { contentType: string | undefined; form: Record<string, string> }[],
    expiresIn: 3600,
  };
  const pendingCodes = new Map<string, { notionCode: string; state: string }>();
  let counter = 0;
  const read = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  };
  const json = (response: ServerResponse, status: number, body: unknown) =>
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  const attributes = (title: string) => [
    { id: "title", name: "Title", type: "inline", inline: { title: { value: title, section: "title" } } },
    {
      id: "dev",
      name: "Developer Name",
      type: "inline",
      inline: { plain_text: { value: "Linksync", section: "secondary" } },
    },
  ];
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://service.local");
    const body = await read(request);
    if (url.pathname === "/authorize" && request.method === "GET") {
      if (url.searchParams.get("redirect_uri") !== NOTION_LINK_PREVIEW_REDIRECT_URI)
        return json(response, 400, {});
      const consent = `c${++counter}`;
      pendingCodes.set(consent, {
        notionCode: url.searchParams.get("code") ?? "",
        state: url.searchParams.get("state") ?? "",
      });
      response.writeHead(200, { "content-type": "text/html" });
      return response.end(`<form method="post" action="/authorize"><input type="hidden" name="consent" value="${consent}">
        <button name="decision" value="allow">Allow</button><button name="decision" value="deny">Deny</button></form>`);
    }
    if (url.pathname === "/authorize" && request.method === "POST") {
      const form = new URLSearchParams(body);
      const pending = pendingCodes.get(form.get("consent") ?? "");
      if (!pending) return json(response, 400, {});
      const back = new URL(NOTION_LINK_PREVIEW_REDIRECT_URI);
      back.searchParams.set("state", pending.state);
      if (form.get("decision") === "allow") {
        const notion = new Client({ baseUrl: notionBaseUrl, retry: false, logger: () => {} });
        const token = await notion.oauth.token({
          client_id: state.notion.clientId,
          client_secret: state.notion.clientSecret,
          grant_type: "authorization_code",
          code: pending.notionCode,
          external_account: { key: "account-42", name: "Linksync – ada@example.com" },
        });
        state.notionTokens.push(token.access_token);
        const code = `svc-code-${++counter}`;
        state.issued.add(code);
        back.searchParams.set("code", code);
      } else {
        back.searchParams.set("error", "access_denied");
        back.searchParams.set("error_description", "The user has denied your application access");
      }
      return response.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === "/token") {
      const form = Object.fromEntries(new URLSearchParams(body));
      state.tokenRequests.push({ contentType: request.headers["content-type"], form });
      if (form.client_id !== "svc-client" || form.client_secret !== "svc-secret") {
        return json(response, 401, { error: "invalid_client" });
      }
      const known =
        form.grant_type === "authorization_code"
          ? state.issued.delete(form.code ?? "")
          : form.refresh_token === "svc-refresh";
      if (!known) return json(response, 400, { error: "invalid_grant" });
      const accessToken = `svc-access-${++counter}`;
      state.issued.add(accessToken);
      return json(response, 200, {
        access_token: accessToken,
        refresh_token: "svc-refresh",
        expires_in: state.expiresIn,
      });
    }
    if (url.pathname === "/unfurl" && request.method === "POST") {
      const token = request.headers.authorization?.replace("Bearer ", "") ?? "";
      if (!state.issued.has(token)) return json(response, 401, {});
      const { uri } = JSON.parse(body) as { uri: string };
      const slug = new URL(uri).pathname.slice(1);
      if (slug === "missing")
        return json(response, 200, {
          uri,
          operations: [{ path: ["error"], set: { status: 404, message: "No such link" } }],
        });
      return json(response, 200, {
        uri,
        operations: [{ path: ["attributes"], set: attributes(`Short link ${slug}`) }],
      });
    }
    if (request.method === "DELETE") {
      state.deletes.push({
        path: url.pathname,
        authorization: request.headers.authorization,
        body: JSON.parse(body),
      });
      return json(response, 200, {});
    }
    json(response, 404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    state,
    attributes,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Service = Awaited<ReturnType<typeof startService>>;

let sandbox: RunningSandbox | undefined;
let service: Service | undefined;
afterEach(async () => {
  await sandbox?.close();
  await service?.close();
  sandbox = undefined;
  service = undefined;
});

async function setup() {
  sandbox = await startSandbox({ rateLimit: false });
  service = await startService(sandbox.baseUrl);
  const seed = await sandbox.control.seedWorkspace({
    people: [{ name: "Ada", email: "ada@example.com" }],
    pages: [{ title: "Launch plan" }],
  });
  const integration = await sandbox.control.createLinkPreviewIntegration({
    name: "Linksync",
    authorizeUrl: `${service.base}/authorize`,
    tokenUrl: `${service.base}/token`,
    clientId: "svc-client",
    clientSecret: "svc-secret",
    scope: "unfurl",
    unfurlCallbackUrl: `${service.base}/unfurl`,
    deletedTokenCallbackUrl: `${service.base}/deleted`,
    domain: "lnk.example",
    patterns: ["^https://lnk\\.example/(?<slug>[A-Za-z0-9_-]+)$"],
  });
  service.state.notion = {
    clientId: integration.notionClientId,
    clientSecret: integration.notionClientSecret,
  };
  return { sandbox, service, integration, pageId: seed.pageIds["Launch plan"] ?? "" };
}

/** The person's browser on the service's consent page: GET it, press a button, return where it redirects. */
async function consent(authorizeUrl: string, decision: "allow" | "deny"): Promise<string> {
  const html = await (await fetch(authorizeUrl)).text();
  const consentId = /name="consent" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const answer = await fetch(new URL("/authorize", authorizeUrl), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ consent: consentId, decision }).toString(),
  });
  return answer.headers.get("location") ?? "";
}

async function connectAndPaste(url = "https://lnk.example/spring") {
  const context = await setup();
  const pasted = await context.sandbox.control.pasteLink({ url, pageId: context.pageId });
  if (pasted.status !== "authorization_required")
    throw new Error(`expected authorization, got ${pasted.status}`);
  const outcome = await context.sandbox.control.completeLinkAuthorization(
    await consent(pasted.authorizeUrl, "allow"),
  );
  if (outcome.status !== "unfurled") throw new Error(`expected an unfurl, got ${outcome.status}`);
  return { ...context, preview: outcome.preview, authorizeUrl: pasted.authorizeUrl };
}

describe("Link Previews (Notion's side)", () => {
  it("runs the OAuth dance both ways on the first paste, then unfurls into a preview on the page", async () => {
    const { sandbox, service, preview, pageId, authorizeUrl } = await connectAndPaste();
    const sent = new URL(authorizeUrl).searchParams;
    expect(Object.fromEntries(sent)).toMatchObject({
      client_id: "svc-client",
      response_type: "code",
      redirect_uri: NOTION_LINK_PREVIEW_REDIRECT_URI,
      scope: "unfurl",
    });
    expect(sent.get("code")).toMatch(/^[0-9a-f-]{36}$/);
    expect(service.state.tokenRequests[0]).toMatchObject({
      contentType: "application/x-www-form-urlencoded",
      form: { grant_type: "authorization_code", redirect_uri: NOTION_LINK_PREVIEW_REDIRECT_URI },
    });
    expect(preview).toMatchObject({
      pageId,
      uri: "https://lnk.example/spring",
      accountKey: "account-42",
      error: null,
      attributes: service.attributes("Short link spring"),
    });
    expect(await sandbox.control.linkPreviews(pageId)).toEqual([preview]);
    expect((await sandbox.control.linkPreviewCalls()).map((call) => [call.kind, call.status])).toEqual([
      ["token", 200],
      ["unfurl", 200],
    ]);

    const again = await sandbox.control.pasteLink({ url: "https://lnk.example/missing", pageId });
    expect(again.status === "unfurled" && again.preview.error).toEqual({
      status: 404,
      message: "No such link",
    });
  });

  it("reports a denied consent with the service's error_description", async () => {
    const { sandbox, pageId } = await setup();
    const pasted = await sandbox.control.pasteLink({ url: "https://lnk.example/spring", pageId });
    if (pasted.status !== "authorization_required") throw new Error("expected authorization");
    const outcome = await sandbox.control.completeLinkAuthorization(
      await consent(pasted.authorizeUrl, "deny"),
    );
    expect(outcome).toEqual({
      status: "denied",
      error: "access_denied",
      errorDescription: "The user has denied your application access",
    });
    expect(await sandbox.control.linkPreviews()).toEqual([]);
  });

  it("lets the service update a preview with PATCH /v1/external/object and its Notion token", async () => {
    const { sandbox, service, preview } = await connectAndPaste();
    const notion = new Client({
      auth: service.state.notionTokens[0],
      baseUrl: sandbox.baseUrl,
      retry: false,
      logger: () => {},
    });
    await notion.request({
      path: "external/object",
      method: "patch",
      body: { uri: preview.uri, operations: [{ path: ["attributes"], set: service.attributes("Renamed") }] },
    });
    const [updated] = await sandbox.control.linkPreviews(preview.pageId);
    expect(updated?.attributes).toEqual(service.attributes("Renamed"));

    await notion.request({
      path: "external/object",
      method: "patch",
      body: { uri: preview.uri, operations: [{ path: ["error"], set: { status: 404, message: "Deleted" } }] },
    });
    expect((await sandbox.control.linkPreviews())[0]?.error).toEqual({ status: 404, message: "Deleted" });

    const invalid = await notion
      .request({
        path: "external/object",
        method: "patch",
        body: { uri: preview.uri, operations: [{ path: ["attributes"], set: [] }] },
      })
      .catch((error: unknown) => error);
    expect(isNotionClientError(invalid) && invalid.code).toBe(APIErrorCode.ValidationError);
    const unknown = await notion
      .request({
        path: "external/object",
        method: "patch",
        body: { uri: "https://lnk.example/nope", operations: [] },
      })
      .catch((error: unknown) => error);
    expect(isNotionClientError(unknown) && unknown.code).toBe(APIErrorCode.ObjectNotFound);
    const { token } = await sandbox.control.createIntegrationToken();
    const stranger = await new Client({
      auth: token,
      baseUrl: sandbox.baseUrl,
      retry: false,
      logger: () => {},
    })
      .request({ path: "external/object", method: "patch", body: { uri: preview.uri, operations: [] } })
      .catch((error: unknown) => error);
    expect(isNotionClientError(stranger) && stranger.code).toBe(APIErrorCode.RestrictedResource);
  });

  it("calls the unfurl callback with DELETE when the last preview of a URL is removed", async () => {
    const { sandbox, service, preview } = await connectAndPaste();
    const second = await sandbox.control.pasteLink({ url: preview.uri, pageId: preview.pageId });
    expect(second.status).toBe("unfurled");
    expect(await sandbox.control.deleteLinkPreview(preview.id)).toEqual({
      deleted: true,
      callbackStatus: null,
    });
    expect(service.state.deletes).toEqual([]);
    const remaining = await sandbox.control.linkPreviews();
    expect(await sandbox.control.deleteLinkPreview(remaining[0]?.id ?? "")).toEqual({
      deleted: true,
      callbackStatus: 200,
    });
    expect(service.state.deletes).toEqual([
      {
        path: "/unfurl",
        authorization: expect.stringMatching(/^Bearer svc-access-/),
        body: { uri: preview.uri },
      },
    ]);
  });

  it("disconnecting calls the deleted-token callback and revokes the account's Notion token", async () => {
    const { sandbox, service, integration, preview } = await connectAndPaste();
    expect(await sandbox.control.disconnectLinkPreviewAccount(integration.integrationId)).toEqual({
      disconnected: true,
      callbackStatus: 200,
    });
    expect(service.state.deletes).toEqual([
      {
        path: "/deleted",
        authorization: expect.stringMatching(/^Bearer svc-access-/),
        body: {
          access_token: expect.stringMatching(/^svc-access-/),
          external_account: { key: "account-42", name: "Linksync – ada@example.com" },
        },
      },
    ]);
    const notion = new Client({
      auth: service.state.notionTokens[0],
      baseUrl: sandbox.baseUrl,
      retry: false,
      logger: () => {},
    });
    const refused = await notion
      .request({ path: "external/object", method: "patch", body: { uri: preview.uri, operations: [] } })
      .catch((error: unknown) => error);
    expect(isNotionClientError(refused) && refused.code).toBe(APIErrorCode.Unauthorized);
    const next = await sandbox.control.pasteLink({ url: preview.uri, pageId: preview.pageId });
    expect(next.status).toBe("authorization_required");
  });

  it("refreshes an expired service token before unfurling", async () => {
    const { sandbox, preview } = await connectAndPaste();
    await sandbox.control.advanceClock(3600_000 + 1);
    const next = await sandbox.control.pasteLink({
      url: "https://lnk.example/summer",
      pageId: preview.pageId,
    });
    expect(next.status === "unfurled" && next.preview.error).toBeNull();
    expect((await sandbox.control.linkPreviewCalls()).map((call) => call.kind)).toEqual([
      "token",
      "unfurl",
      "refresh",
      "unfurl",
    ]);
  });

  it("refreshes and retries once when the unfurl callback answers 401", async () => {
    const { sandbox, service, preview } = await connectAndPaste();
    for (const token of [...service.state.issued]) service.state.issued.delete(token);
    const next = await sandbox.control.pasteLink({
      url: "https://lnk.example/autumn",
      pageId: preview.pageId,
    });
    expect(next.status === "unfurled" && next.preview.attributes).toEqual(
      service.attributes("Short link autumn"),
    );
    expect((await sandbox.control.linkPreviewCalls()).map((call) => [call.kind, call.status])).toEqual([
      ["token", 200],
      ["unfurl", 200],
      ["unfurl", 401],
      ["refresh", 200],
      ["unfurl", 200],
    ]);
  });

  it("refuses URLs no integration unfurls", async () => {
    const { sandbox, pageId } = await setup();
    await expect(sandbox.control.pasteLink({ url: "https://other.example/spring", pageId })).rejects.toThrow(
      /No Link Preview integration unfurls/,
    );
  });
});
