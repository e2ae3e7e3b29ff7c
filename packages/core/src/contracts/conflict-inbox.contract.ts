import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ConflictRecord } from "../agent/agent-api";
import type { ConflictEvent } from "../events/events";
import type { ContractSetup, ContractSubject } from "./contract-subject";

/**
 * A conflicts inbox as its hosts implement it. The agent's file inbox answers `list` from memory; the server's
 * from its table: both are awaited here.
 */
export interface ConflictInboxPort {
  add(conflict: ConflictEvent): Promise<void>;
  list(): readonly ConflictRecord[] | Promise<readonly ConflictRecord[]>;
  acknowledge(conflictId: string): Promise<boolean>;
  flush(): Promise<void>;
}

/** A conflict event with `overrides`: the contract's sample, for the hosts' own tests too. */
export function conflict(overrides: Partial<ConflictEvent> = {}): ConflictEvent {
  return {
    conflictId: "c_0123456789ab",
    databaseId: "c1/ds1",
    pageId: "p1",
    pageUrl: "https://www.notion.so/p1",
    title: "Trail Runner",
    linkId: "l1",
    field: "destination",
    kept: "https://a.example",
    dropped: "https://b.example",
    droppedSource: "zapier",
    winner: "notion",
    at: "2026-06-01T14:02:30.000Z",
    ...overrides,
  };
}

/** The conflicts inbox contract: each conflict listed once, newest first, acknowledgements kept across restarts. */
export function conflictInboxContract(name: string, setup: ContractSetup<ConflictInboxPort>): void {
  describe(`Conflicts inbox contract: ${name}`, () => {
    let subject: ContractSubject<ConflictInboxPort>;
    beforeEach(async () => {
      subject = await setup();
    });
    afterEach(async () => {
      await subject.dispose();
    });

    it("lists a conflict once, however often it is seen, and keeps acknowledgements across restarts", async () => {
      const inbox = await subject.open();
      await inbox.add(conflict());
      await inbox.add(conflict());
      expect(await inbox.list()).toHaveLength(1);
      expect(await inbox.acknowledge("c_0123456789ab")).toBe(true);
      expect(await inbox.acknowledge("c_unknown")).toBe(false);
      await inbox.flush();

      const reopened = await subject.open();
      expect(await reopened.list()).toEqual([{ ...conflict(), acknowledged: true }]);
    });

    it("lists the newest conflict first", async () => {
      const inbox = await subject.open();
      await inbox.add(conflict({ conflictId: "c_first" }));
      await inbox.add(conflict({ conflictId: "c_second" }));
      await inbox.flush();
      expect((await inbox.list()).map((c) => c.conflictId)).toEqual(["c_second", "c_first"]);
      const reopened = await subject.open();
      expect((await reopened.list()).map((c) => c.conflictId)).toEqual(["c_second", "c_first"]);
    });
  });
}
