import { describe, expect, it } from "vitest";
import { stateLabel } from "./status";

describe("linksync status: a database's state", () => {
  it("says why it is offline: which service, its error code and its sentence, besides the pending writes", () => {
    const label = stateLabel({
      kind: "offline",
      pending: 4,
      cause: { service: "provider", code: "rate_limited", message: "The shortener is limiting requests." },
    });
    expect(label).toBe(
      "offline, 4 pending: the shortener (rate_limited): The shortener is limiting requests.",
    );
  });

  it("names Notion when Notion is the one unreachable", () => {
    const label = stateLabel({
      kind: "offline",
      pending: 0,
      cause: { service: "notion", code: "notion_unreachable", message: "Notion cannot be reached." },
    });
    expect(label).toBe("offline, 0 pending: Notion (notion_unreachable): Notion cannot be reached.");
  });
});
