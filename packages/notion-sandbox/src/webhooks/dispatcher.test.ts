import { verifyWebhookSignature } from "@notionhq/client";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../sandbox";
import type { WorkspaceSeedResult } from "../seed/workspace-seed";
import { sdkClient } from "../testing/sdk-sandbox";
import { type Receiver, startReceiver } from "../testing/webhook-receiver";
import type { WebhookPayload } from "./payloads";

let sandbox: RunningSandbox | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await sandbox?.close();
  await receiver?.close();
  sandbox = undefined;
  receiver = undefined;
});

async function setup(answer?: Parameters<typeof startReceiver>[0]) {
  sandbox = await startSandbox({ rateLimit: false });
  receiver = await startReceiver(answer);
  const seed = await sandbox.control.seedWorkspace({
    workspaceName: "Quantify Labs",
    people: [{ name: "Ada", email: "ada@example.com" }],
    databases: [
      {
        title: "Links",
        properties: { Name: { title: {} }, Destination: { url: {} }, Clicks: { number: {} } },
        rows: [{ Name: "Spring", Destination: "https://a.example" }],
      },
      { title: "Other", properties: { Name: { title: {} } }, rows: [{ Name: "Hidden" }] },
    ],
  });
  return { sandbox, receiver, seed };
}

function links(seed: WorkspaceSeedResult) {
  const found = seed.databases.Links;
  if (!found) throw new Error("seed has no Links database");
  return { ...found, pageId: found.pageIds[0] ?? "" };
}

function events(receiver: Receiver): WebhookPayload[] {
  return receiver.received
    .filter((request) => request.headers["x-notion-signature"] !== undefined)
    .map((request) => JSON.parse(request.rawBody) as WebhookPayload);
}

async function subscribed(
  sandbox: RunningSandbox,
  receiver: Receiver,
  options: { token?: string; delayMs?: number; retryBaseMs?: number } = {},
) {
  const created = await sandbox.control.createWebhookSubscription({
    url: `${receiver.url}/notion`,
    ...options,
  });
  await sandbox.control.verifyWebhookSubscription(created.subscriptionId, created.verificationToken);
  return created;
}

describe("webhooks", () => {
  it("posts the verification token first and delivers nothing before it is confirmed", async () => {
    const { sandbox, receiver, seed } = await setup();
    const created = await sandbox.control.createWebhookSubscription({
      url: `${receiver.url}/notion`,
      delayMs: 0,
    });
    expect(created.verificationStatus).toBe(200);
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]?.rawBody ?? "")).toEqual({
      verification_token: created.verificationToken,
    });
    expect(created.verificationToken).toMatch(/^secret_[A-Za-z0-9]{43}$/);
    await sandbox.control.editPageAsPerson(links(seed).pageId, { Clicks: 3 });
    await sandbox.control.flushWebhooks();
    expect(receiver.received).toHaveLength(1);
    await expect(
      sandbox.control.verifyWebhookSubscription(created.subscriptionId, "secret_wrong"),
    ).rejects.toThrow(/not the verification token/);
  });

  it("delivers a signed page.properties_updated with property ids and the person who edited", async () => {
    const { sandbox, receiver, seed } = await setup();
    const created = await subscribed(sandbox, receiver, { token: seed.token, delayMs: 10 });
    const row = links(seed);
    const edited = await sandbox.control.editPageAsPerson(row.pageId, { Destination: "https://b.example" });
    await receiver.waitFor(2);

    const delivery = receiver.received[1];
    if (!delivery) throw new Error("no delivery");
    expect(
      await verifyWebhookSignature({
        body: delivery.rawBody,
        signature: delivery.headers["x-notion-signature"] as string,
        verificationToken: created.verificationToken,
      }),
    ).toBe(true);
    expect(
      await verifyWebhookSignature({
        body: delivery.rawBody.replace("Quantify", "Qu4ntify"),
        signature: delivery.headers["x-notion-signature"] as string,
        verificationToken: created.verificationToken,
      }),
    ).toBe(false);

    const payload = JSON.parse(delivery.rawBody) as Record<string, unknown>;
    for (const key of [
      "id",
      "timestamp",
      "workspace_id",
      "workspace_name",
      "subscription_id",
      "integration_id",
      "type",
      "authors",
      "accessible_by",
      "attempt_number",
      "entity",
      "data",
    ]) {
      expect(payload).toHaveProperty(key);
    }
    const destinationId = edited.properties.Destination?.id;
    expect(payload).toMatchObject({
      type: "page.properties_updated",
      workspace_name: "Quantify Labs",
      subscription_id: created.subscriptionId,
      integration_id: seed.botUserId,
      attempt_number: 1,
      authors: [{ id: seed.personIds.Ada, type: "person" }],
      entity: { id: row.pageId, type: "page" },
      data: {
        parent: { id: row.databaseId, type: "database", data_source_id: row.dataSourceId },
        updated_properties: [destinationId],
      },
    });
    expect(payload.accessible_by).toContainEqual({ id: seed.botUserId, type: "bot" });
    expect(delivery.rawBody).not.toContain("https://b.example");
  });

  it("names the bot as author of API edits, and aggregates edits of one page within the window", async () => {
    const { sandbox, receiver, seed } = await setup();
    await subscribed(sandbox, receiver, { token: seed.token, delayMs: 60_000 });
    const row = links(seed);
    const notion = sdkClient(sandbox, seed.token);
    const created = await notion.pages.create({
      parent: { data_source_id: row.dataSourceId },
      properties: { Name: { title: [{ text: { content: "New" } }] } },
    });
    await notion.pages.update({ page_id: row.pageId, properties: { Clicks: { number: 5 } } });
    const edited = await sandbox.control.editPageAsPerson(row.pageId, { Destination: "https://c.example" });
    await sandbox.control.flushWebhooks();

    const delivered = events(receiver);
    expect(delivered.map((event) => event.type).sort()).toEqual(["page.created", "page.properties_updated"]);
    const creation = delivered.find((event) => event.type === "page.created");
    expect(creation).toMatchObject({
      entity: { id: created.id },
      authors: [{ id: seed.botUserId, type: "bot" }],
    });
    const update = delivered.find((event) => event.type === "page.properties_updated");
    expect(update?.authors).toEqual([
      { id: seed.botUserId, type: "bot" },
      { id: seed.personIds.Ada, type: "person" },
    ]);
    expect(update?.type === "page.properties_updated" && [...update.data.updated_properties].sort()).toEqual(
      [edited.properties.Clicks?.id, edited.properties.Destination?.id].sort(),
    );
  });

  it("sends data_source.schema_updated with the changed properties", async () => {
    const { sandbox, receiver, seed } = await setup();
    await subscribed(sandbox, receiver, { token: seed.token, delayMs: 60_000 });
    const row = links(seed);
    const schema = await sandbox.control.updateSchema(row.dataSourceId, { Tags: { multi_select: {} } });
    await sandbox.control.flushWebhooks();
    expect(events(receiver)).toEqual([
      expect.objectContaining({
        type: "data_source.schema_updated",
        entity: { id: row.dataSourceId, type: "data_source" },
        data: {
          parent: { id: row.databaseId, type: "database" },
          updated_properties: [{ id: schema.properties.Tags?.id, name: "Tags", action: "created" }],
        },
      }),
    ]);
  });

  it("delivers only events the integration's grant can see", async () => {
    const { sandbox, receiver, seed } = await setup();
    const row = links(seed);
    const narrow = await sandbox.control.createIntegrationToken({
      grant: { kind: "objects", ids: [row.databaseId] },
    });
    await subscribed(sandbox, receiver, { token: narrow.token, delayMs: 60_000 });
    await sandbox.control.editPageAsPerson(seed.databases.Other?.pageIds[0] ?? "", { Name: "Still hidden" });
    await sandbox.control.editPageAsPerson(row.pageId, { Clicks: 9 });
    await sandbox.control.flushWebhooks();
    expect(events(receiver).map((event) => event.entity.id)).toEqual([row.pageId]);
  });

  it("retries a failing receiver with back-off and logs every attempt", async () => {
    const { sandbox, receiver, seed } = await setup((_request, index) => ({
      status: index === 1 ? 503 : 200,
    }));
    const created = await subscribed(sandbox, receiver, { token: seed.token, delayMs: 0, retryBaseMs: 5 });
    await sandbox.control.editPageAsPerson(links(seed).pageId, { Clicks: 1 });
    await receiver.waitFor(3);
    await sandbox.control.flushWebhooks();
    expect(events(receiver).map((event) => event.attempt_number)).toEqual([1, 2]);
    const log = await sandbox.control.webhookDeliveries(created.subscriptionId);
    expect(log.map(({ type, attempt, status }) => ({ type, attempt, status }))).toEqual([
      { type: "verification", attempt: 1, status: 200 },
      { type: "page.properties_updated", attempt: 1, status: 503 },
      { type: "page.properties_updated", attempt: 2, status: 200 },
    ]);
    expect(log[0]?.body).toBeNull();
    expect(JSON.stringify(log)).not.toContain(created.verificationToken);
  });

  it("sends page.deleted and comment.created, and stops once the integration's token is revoked", async () => {
    const { sandbox, receiver, seed } = await setup();
    await subscribed(sandbox, receiver, { token: seed.token, delayMs: 60_000 });
    const row = links(seed);
    const comment = await sdkClient(sandbox, seed.token).comments.create({
      parent: { page_id: row.pageId },
      rich_text: [{ text: { content: "Looks good" } }],
    });
    await sandbox.control.editPageAsPerson(row.pageId, {}, { inTrash: true });
    await sandbox.control.flushWebhooks();
    expect(events(receiver)).toEqual([
      expect.objectContaining({
        type: "comment.created",
        entity: { id: comment.id, type: "comment" },
        data: { parent: { id: row.pageId, type: "page" }, page_id: row.pageId },
      }),
      expect.objectContaining({ type: "page.deleted", entity: { id: row.pageId, type: "page" } }),
    ]);
    expect(receiver.received[0]?.headers["x-notion-signature"]).toBeUndefined();

    await sandbox.control.revokeToken(seed.token);
    await sandbox.control.editPageAsPerson(row.pageId, {}, { inTrash: false });
    await sandbox.control.flushWebhooks();
    expect(events(receiver)).toHaveLength(2);
  });
});
