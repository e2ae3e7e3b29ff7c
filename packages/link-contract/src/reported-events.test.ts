import { describe, expect, it } from "vitest";
import { exampleConflictReport, parseReportedEvent } from "./reported-events";

const conflict = exampleConflictReport();

describe("parseReportedEvent", () => {
  it("reads a conflict and a pause, each with the key that makes a repeat the same event", () => {
    expect(parseReportedEvent({ type: "conflict", data: conflict })).toEqual({
      ok: true,
      event: { type: "conflict", data: conflict, key: "conflict:c_3f9a1b2c4d5e" },
    });
    const paused = { databaseId: "ds-1", reason: "revoked", message: "Reconnect.", at: conflict.at };
    expect(parseReportedEvent({ type: "sync.paused", data: paused })).toEqual({
      ok: true,
      event: { type: "sync.paused", data: paused, key: `sync.paused:ds-1:${conflict.at}` },
    });
  });

  it("answers a malformed report with a sentence naming the field, without throwing", () => {
    expect(parseReportedEvent({ type: "conflict", data: { ...conflict, at: "yesterday" } })).toEqual({
      ok: false,
      message: expect.stringContaining("data.at"),
    });
    expect(parseReportedEvent("not an object")).toEqual({
      ok: false,
      message: "The request body must be a JSON object.",
    });
  });
});
