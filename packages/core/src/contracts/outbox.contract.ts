import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OutboxPort } from "../outbox/outbox";
import type { WriteIntent } from "../outbox/write-intent";
import { CONTRACT_TOKEN, type ContractSetup, type ContractSubject } from "./contract-subject";

export function contractCreateIntent(pageId: string): Extract<WriteIntent, { kind: "link.create" }> {
  return {
    kind: "link.create",
    idempotencyKey: `notion-page:${pageId}`,
    connectionId: "conn-1",
    dataSourceId: "ds-1",
    pageId,
    destination: `https://example.com/${pageId}`,
    tags: ["launch"],
    title: `Row ${pageId}`,
  };
}

function commentIntent(pageId: string, conflictId: string): WriteIntent {
  return {
    kind: "comment.create",
    idempotencyKey: `comment:${conflictId}`,
    connectionId: "conn-1",
    dataSourceId: "ds-1",
    pageId,
    text: `Destination conflict at 14:02:30 UTC (${conflictId})`,
    marker: conflictId,
  };
}

/**
 * The outbox contract: intent recorded before the write, then sent, then settled or failed; after a restart exactly
 * the unsettled intents, in their original order. The setup's clock must read 2026-01-01T00:00:00Z.
 */
export function outboxContract(name: string, setup: ContractSetup<OutboxPort>): void {
  describe(`Outbox contract: ${name}`, () => {
    let subject: ContractSubject<OutboxPort>;
    beforeEach(async () => {
      subject = await setup();
    });
    afterEach(async () => {
      await subject.dispose();
    });

    it("lists unsettled intents in enqueue order and drops settled and finally failed ones", async () => {
      const outbox = await subject.open();
      const a = await outbox.enqueue(contractCreateIntent("a"));
      const b = await outbox.enqueue(contractCreateIntent("b"));
      const c = await outbox.enqueue(commentIntent("c", "cf-1"));
      const d = await outbox.enqueue(contractCreateIntent("d"));
      await outbox.markSent(b);
      await outbox.settle(b, { linkId: "l-b" });
      await outbox.markSent(c);
      await outbox.fail(c, { code: "unavailable", message: "Notion is unreachable" }, true);
      await outbox.fail(d, { code: "invalid_destination", message: "javascript: is not allowed" }, false);

      const pending = outbox.pending();
      expect(pending.map((e) => e.id)).toEqual([a, c]);
      expect(outbox.isPending(a)).toBe(true);
      expect(outbox.isPending(b)).toBe(false);
      expect(pending[0]).toMatchObject({
        state: "queued",
        attempts: 0,
        enqueuedAt: "2026-01-01T00:00:00.000Z",
      });
      expect(pending[1]).toMatchObject({
        state: "retrying",
        attempts: 1,
        lastError: { code: "unavailable" },
        intent: { kind: "comment.create", marker: "cf-1" },
      });
      await expect(outbox.settle(b)).rejects.toMatchObject({ code: "not_pending" });
      await outbox.close();
    });

    it("replays exactly the unsettled intents in their original order after a restart", async () => {
      const outbox = await subject.open();
      const ids: string[] = [];
      for (const page of ["p1", "p2", "p3", "p4", "p5"])
        ids.push(await outbox.enqueue(contractCreateIntent(page)));
      await outbox.markSent(ids[1]!);
      await outbox.settle(ids[1]!);
      await outbox.markSent(ids[3]!);
      await outbox.close();

      const reopened = await subject.open();
      expect(reopened.pending().map((e) => e.id)).toEqual([ids[0], ids[2], ids[3], ids[4]]);
      expect(reopened.pending().map((e) => e.state)).toEqual(["queued", "queued", "sent", "queued"]);
      expect(reopened.pending()[2]?.intent).toEqual(contractCreateIntent("p4"));
      const later = await reopened.enqueue(contractCreateIntent("p6"));
      expect(reopened.pending().at(-1)?.id).toBe(later);
      await reopened.close();
    });

    it("returns the pending id for the same intent enqueued again and refuses a reused key with other values", async () => {
      const outbox = await subject.open();
      const id = await outbox.enqueue(contractCreateIntent("p1"));
      await outbox.close();
      const reopened = await subject.open();
      expect(await reopened.enqueue(contractCreateIntent("p1"))).toBe(id);
      expect(reopened.size).toBe(1);
      await expect(
        reopened.enqueue({ ...contractCreateIntent("p1"), destination: "https://other.example" }),
      ).rejects.toMatchObject({ code: "idempotency_key_reused" });
      await reopened.close();
    });

    it("a settled key may be used again for a new write", async () => {
      const outbox = await subject.open();
      const first = await outbox.enqueue(contractCreateIntent("p1"));
      await outbox.settle(first);
      const second = await outbox.enqueue({
        ...contractCreateIntent("p1"),
        destination: "https://b.example",
      });
      expect(second).not.toBe(first);
      await outbox.close();
      const reopened = await subject.open();
      expect(reopened.pending().map((e) => e.id)).toEqual([second]);
      await reopened.close();
    });

    it("commits concurrent enqueues together, in call order", async () => {
      const outbox = await subject.open();
      const ids = await Promise.all(
        Array.from({ length: 50 }, (_, i) => outbox.enqueue(contractCreateIntent(`p${i}`))),
      );
      await outbox.close();
      const reopened = await subject.open();
      expect(reopened.pending().map((e) => e.id)).toEqual(ids);
      const seqs = reopened.pending().map((e) => e.seq);
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
      await reopened.close();
    });

    it("keeps secrets out of recorded failures", async () => {
      const outbox = await subject.open();
      const id = await outbox.enqueue(contractCreateIntent("p1"));
      await outbox.fail(id, { code: "unauthorized", message: `401 with Bearer ${CONTRACT_TOKEN}` }, true);
      expect(outbox.pending()[0]?.lastError?.message).not.toContain(CONTRACT_TOKEN);
      await outbox.close();
      expect(await subject.atRest()).not.toContain("ntn_4c1Dq8");
    });
  });
}
