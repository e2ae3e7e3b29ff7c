import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLinksyncShortenerProvider, type NotionEventOutcome } from "@linksync/core";
import { signWebhookPayload } from "@notionhq/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { twoWorkers } from "../testing/two-workers";
import { serverSecretNames } from "../worker/server-databases";
import type { SyncWorker, WorkerRunOutcome } from "../worker/sync-worker";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two workers (own pools, as two processes) on one PostgreSQL, each taking webhooks on its own port. */
async function serverWithWebhooks() {
  const runs: { worker: number; outcome: WorkerRunOutcome }[] = [];
  const outcomes: NotionEventOutcome[] = [];
  const workers = await twoWorkers({
    rows: 6,
    cleanups,
    hooks: (index) => ({
      onRun: (_id, outcome) => runs.push({ worker: index, outcome }),
      onNotionEvent: (_connection, _event, outcome) => outcomes.push(outcome),
    }),
  });
  const listen = async (worker: SyncWorker) => {
    const server: Server = createServer(worker.notionWebhooks);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    return { worker, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  };
  const { sandbox, seed, shortener, database, errors } = workers;
  const first = await listen(workers.first);
  const second = await listen(workers.second);
  const links = createLinksyncShortenerProvider({ baseUrl: shortener.url, apiKey: shortener.apiKey });
  return { sandbox, seed, first, second, database, runs, outcomes, errors, links };
}

describe("Notion webhooks in on the server", () => {
  it("verifies the subscription, and an edit in Notion moves the link through a row-sync job, not a full run", async () => {
    const { sandbox, seed, first, second, database, runs, outcomes, errors, links } =
      await serverWithWebhooks();
    const vault = first.worker.ports.vault;

    // Notion's handshake reaches the first worker; the token is a candidate until a signed delivery proves it.
    const created = await sandbox.control.createWebhookSubscription({
      url: `${first.url}/notion/webhooks/conn-1`,
      token: seed.token,
      delayMs: 200,
    });
    expect(created.verificationStatus).toBe(200);
    expect(await vault.get(serverSecretNames.notionWebhook("conn-1"))).toBeNull();
    expect(await vault.get(serverSecretNames.notionWebhookCandidates("conn-1"))).toContain(
      created.verificationToken,
    );
    await sandbox.control.verifyWebhookSubscription(created.subscriptionId, created.verificationToken);

    // The backfill; its own writes come back as bot-authored events, which prove the token and are dropped.
    await second.worker.syncNow(database.id);
    await vi.waitFor(() => expect(runs.some((r) => r.outcome.kind === "ran")).toBe(true), {
      timeout: 30_000,
      interval: 100,
    });
    await sandbox.control.flushWebhooks();
    await first.worker.notionWebhooks.idle();
    expect(await vault.get(serverSecretNames.notionWebhook("conn-1"))).toBe(created.verificationToken);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o.kind === "ignored" && o.reason === "own_bot")).toBe(true);

    const key = { connectionId: "conn-1", dataSourceId: seed.dataSourceId };
    const [pageId, snapshot] = [...(await first.worker.ports.store.snapshots(key)).entries()][0]!;
    const target = "https://shop.example.com/from-a-server-webhook";
    const fullRuns = runs.filter((r) => r.outcome.kind === "ran").length;
    const editedAt = performance.now();
    await sandbox.control.editPageAsPerson(pageId, { Destination: target });
    await vi.waitFor(async () => expect((await links.get(snapshot.linkId))?.destination).toBe(target), {
      timeout: 10_000,
      interval: 50,
    });
    const latencyMs = performance.now() - editedAt;
    console.log(
      `server: Notion edit → link through the webhook: ${latencyMs.toFixed(0)} ms (delivery delay 200 ms)`,
    );
    expect(latencyMs).toBeLessThan(5_000);
    expect(outcomes).toContainEqual({ kind: "queued", databaseIds: [database.id] });
    await vi.waitFor(() => expect(runs.some((r) => r.outcome.kind === "rows_synced")).toBe(true));
    expect(runs.filter((r) => r.outcome.kind === "ran")).toHaveLength(fullRuns);
    expect((await first.worker.ports.store.snapshots(key)).get(pageId)?.linkId).toBe(snapshot.linkId);
    expect(errors).toEqual([]);
  }, 120_000);

  it("refuses forged deliveries and handshakes for unknown connections, and keeps a proved token", async () => {
    const { first, second, errors } = await serverWithWebhooks();
    const url = `${first.url}/notion/webhooks/conn-1`;
    const post = (target: string, body: string, headers: Record<string, string> = {}) =>
      fetch(target, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

    expect(
      (await post(`${first.url}/notion/webhooks/nobody`, '{"verification_token":"secret_x"}')).status,
    ).toBe(404);
    expect(
      await first.worker.ports.vault.get(serverSecretNames.notionWebhookCandidates("nobody")),
    ).toBeNull();

    const token = `secret_${randomBytes(16).toString("hex")}`;
    expect((await post(url, JSON.stringify({ verification_token: token }))).status).toBe(200);
    const event = JSON.stringify({
      id: "evt-1",
      timestamp: new Date().toISOString(),
      workspace_id: "ws-1",
      workspace_name: "Acme",
      subscription_id: "sub-1",
      integration_id: "int-1",
      authors: [{ id: "person-1", type: "person" }],
      attempt_number: 1,
      api_version: "2025-09-03",
      type: "page.properties_updated",
      entity: { id: "page-1", type: "page" },
      data: { parent: { id: "db", type: "database", data_source_id: "not-a-synced-source" } },
    });
    const forged = await signWebhookPayload({ body: event, verificationToken: "secret_wrong" });
    expect((await post(url, event, { "x-notion-signature": forged })).status).toBe(401);
    // Signed with the handshake's token, the way Notion signs: accepted on the OTHER worker (tokens are shared).
    const signed = await signWebhookPayload({ body: event, verificationToken: token });
    expect(
      (await post(`${second.url}/notion/webhooks/conn-1`, event, { "x-notion-signature": signed })).status,
    ).toBe(200);
    await second.worker.notionWebhooks.idle();
    expect(await first.worker.ports.vault.get(serverSecretNames.notionWebhook("conn-1"))).toBe(token);
    // A later handshake (anyone can POST one) never replaces the proved token.
    expect((await post(url, JSON.stringify({ verification_token: "secret_intruder" }))).status).toBe(409);
    expect(errors).toEqual([]);
  }, 60_000);

  it("keeps every handshake when several reach both workers at once (none written over from a stale read)", async () => {
    const { first, second, errors } = await serverWithWebhooks();
    const tokens = Array.from({ length: 16 }, () => `secret_${randomBytes(16).toString("hex")}`);
    const answers = await Promise.all(
      tokens.map((token, i) =>
        fetch(`${(i % 2 === 0 ? first : second).url}/notion/webhooks/conn-1`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ verification_token: token }),
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(tokens.map(() => 200));
    const kept = JSON.parse(
      (await first.worker.ports.vault.get(serverSecretNames.notionWebhookCandidates("conn-1"))) ?? "[]",
    ) as string[];
    expect([...kept].sort()).toEqual([...tokens].sort());
    expect(errors).toEqual([]);
  }, 60_000);
});
