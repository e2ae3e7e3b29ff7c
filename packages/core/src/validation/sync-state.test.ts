import { describe, expect, it } from "vitest";
import { syncGate } from "./sync-state";

describe("syncGate", () => {
  it.each([
    ["Live", true, { kind: "live" }],
    ["Draft", true, { kind: "held", state: "Draft" }],
    ["Paused", true, { kind: "held", state: "Paused" }],
    [null, true, { kind: "held", state: "empty" }],
    [null, false, { kind: "live" }],
    ["Draft", false, { kind: "live" }],
  ] as const)("Sync %j (mapped: %s) → %j", (sync, mapped, gate) => {
    expect(syncGate(sync, mapped)).toEqual(gate);
  });

  it("reports an unknown option with the fix", () => {
    expect(syncGate({ unknown: "Archived" }, true)).toEqual({
      kind: "invalid",
      problem: {
        code: "sync_unknown",
        column: "sync",
        message: 'Sync is "Archived", which Linksync does not know. Choose Draft, Live or Paused.',
      },
    });
  });
});
