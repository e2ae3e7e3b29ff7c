import { request } from "node:http";
import { APIErrorCode, APIResponseError } from "@notionhq/client";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../sandbox";
import { startSandbox } from "../sandbox";
import { sdkClient } from "../testing/sdk-sandbox";

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function rawGet(base: string, path: string, token: string, version = true) {
  const response = await fetch(`${base}${path}`, {
    headers: { authorization: `Bearer ${token}`, ...(version ? { "notion-version": "2025-09-03" } : {}) },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe("request pipeline", () => {
  it("rate-limits per token with 429 rate_limited and a whole-second Retry-After", async () => {
    sandbox = await startSandbox({ rateLimit: { perSecond: 3, burst: 2 } });
    const { token } = await sandbox.control.createIntegrationToken();
    const other = await sandbox.control.createIntegrationToken();
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++)
      statuses.push((await rawGet(sandbox.baseUrl, "/v1/users/me", token)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await rawGet(sandbox.baseUrl, "/v1/users/me", token);
    expect(limited.body).toMatchObject({ object: "error", status: 429, code: "rate_limited" });
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await rawGet(sandbox.baseUrl, "/v1/users/me", other.token)).status).toBe(200);
    await sandbox.control.advanceClock(1000);
    expect((await rawGet(sandbox.baseUrl, "/v1/users/me", token)).status).toBe(200);
  });

  it("answers 401 unauthorized for unknown and revoked tokens, and 400 without Notion-Version", async () => {
    sandbox = await startSandbox({ rateLimit: false });
    const { token } = await sandbox.control.createIntegrationToken();
    expect((await rawGet(sandbox.baseUrl, "/v1/users/me", token, false)).body).toMatchObject({
      code: "missing_version",
    });
    expect((await rawGet(sandbox.baseUrl, "/v1/users/me", "ntn_nope")).body).toEqual(
      expect.objectContaining({
        object: "error",
        status: 401,
        code: "unauthorized",
        message: "API token is invalid.",
      }),
    );
    await sandbox.control.revokeToken(token);
    expect((await rawGet(sandbox.baseUrl, "/v1/users/me", token)).status).toBe(401);
  });

  it("answers restricted_resource when the integration lacks a capability", async () => {
    sandbox = await startSandbox({ rateLimit: false });
    const { token } = await sandbox.control.createIntegrationToken({ capabilities: ["read_content"] });
    const error = await sdkClient(sandbox, token)
      .comments.list({ block_id: "7855b161-f63e-4683-b7c7-8ca6e97ee266" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIResponseError);
    expect((error as APIResponseError).code).toBe(APIErrorCode.RestrictedResource);
  });

  it("hides objects outside a token's grant as object_not_found", async () => {
    sandbox = await startSandbox({ rateLimit: false });
    const seed = await sandbox.control.seedCampaign({ rows: 3 });
    const narrow = await sandbox.control.createIntegrationToken({ grant: { kind: "objects", ids: [] } });
    const notion = sdkClient(sandbox, narrow.token);
    const error = await notion.dataSources
      .retrieve({ data_source_id: seed.dataSourceId })
      .catch((caught: unknown) => caught);
    expect((error as APIResponseError).code).toBe(APIErrorCode.ObjectNotFound);
    const granted = await sandbox.control.createIntegrationToken({
      grant: { kind: "objects", ids: [seed.databaseId] },
    });
    const page = await sdkClient(sandbox, granted.token).pages.retrieve({ page_id: seed.pageIds[0] ?? "" });
    expect(page.id).toBe(seed.pageIds[0]);
  });

  it("injects a burst of 5xx, a 429 storm, latency and dropped connections, then recovers", async () => {
    sandbox = await startSandbox({ rateLimit: false });
    const { token } = await sandbox.control.createIntegrationToken();
    await sandbox.control.setFaults({ failNext: { count: 2, status: 503 } });
    expect((await rawGet(sandbox.baseUrl, "/v1/users/me", token)).body).toMatchObject({
      status: 503,
      code: "service_unavailable",
    });
    expect((await rawGet(sandbox.baseUrl, "/v1/users/me", token)).status).toBe(503);
    expect((await rawGet(sandbox.baseUrl, "/v1/users/me", token)).status).toBe(200);

    await sandbox.control.setFaults({ rateLimitNext: { count: 1, retryAfterSeconds: 7 } });
    const storm = await rawGet(sandbox.baseUrl, "/v1/users/me", token);
    expect([storm.status, storm.headers.get("retry-after")]).toEqual([429, "7"]);

    await sandbox.control.setFaults({ rules: [{ endpoint: "GET /v1/users/me", latencyMs: 120 }] });
    const started = performance.now();
    await rawGet(sandbox.baseUrl, "/v1/users/me", token);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);

    await sandbox.control.setFaults({ dropNext: { count: 1 } });
    await expect(rawGet(sandbox.baseUrl, "/v1/users/me", token)).rejects.toThrow();
    expect((await rawGet(sandbox.baseUrl, "/v1/users/me", token)).status).toBe(200);
  });

  it("fails the configured share of requests with a seeded error rate", async () => {
    sandbox = await startSandbox({ rateLimit: false });
    const { token } = await sandbox.control.createIntegrationToken();
    await sandbox.control.setFaults({
      rules: [{ endpoint: "GET /v1/users/me", errorRate: 0.5, status: 500 }],
      seed: 7,
    });
    let failures = 0;
    for (let attempt = 0; attempt < 40; attempt++) {
      if ((await rawGet(sandbox.baseUrl, "/v1/users/me", token)).status === 500) failures++;
    }
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(32);
  });

  it("counts requests per endpoint and per token in the request log, without the token itself", async () => {
    sandbox = await startSandbox({ rateLimit: false });
    const issued = await sandbox.control.createIntegrationToken();
    await rawGet(sandbox.baseUrl, "/v1/users/me", issued.token);
    await rawGet(sandbox.baseUrl, "/v1/users/me", issued.token);
    await rawGet(sandbox.baseUrl, "/v1/nope", issued.token);
    const log = await sandbox.control.requestLog();
    expect(log.byEndpoint["GET /v1/users/me"]).toBe(2);
    expect(log.byEndpoint.unmatched).toBe(1);
    expect(log.byToken[issued.tokenId]).toBe(2);
    expect(JSON.stringify(log)).not.toContain(issued.token);
    await sandbox.control.resetRequestLog();
    expect((await sandbox.control.requestLog()).total).toBe(0);
  });

  it("answers an unknown URL with invalid_request_url", async () => {
    sandbox = await startSandbox({ rateLimit: false });
    const status = await new Promise<number>((resolve, reject) => {
      request(`${sandbox?.baseUrl}/v1/invalid`, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .on("error", reject)
        .end();
    });
    expect(status).toBe(400);
  });
});
