import { describe, expect, it } from "vitest";
import type { Link } from "../providers/link-provider";
import type { Row } from "../rows/row";
import { type DestinationPlanInput, planDestinationUpdate } from "./destination-plan";

const PAGE = "38c9ce7b-60a4-8168-ae4b-dee385a036ec";
const A = "https://a.example/spring";
const B = "https://b.example/spring";
const N = "https://n.example/spring";
const NOW = "2026-11-22T17:05:00.123Z";

function input(row: Partial<Row> = {}, link: Partial<Link> = {}, requested = B): DestinationPlanInput {
  return {
    row: {
      pageId: PAGE,
      url: "https://www.notion.so/Spring",
      title: "Spring",
      destination: A,
      tags: [],
      shortUrl: "https://go.acme.com/x7Kp2",
      clicks: 0,
      qrFileName: null,
      lastSynced: null,
      sync: "Live",
      linkId: "lnk_1",
      syncedDestination: A,
      syncError: null,
      conflictAt: null,
      inTrash: false,
      lastEditedTime: NOW,
      problems: [],
      ...row,
    },
    link: {
      id: "lnk_1",
      shortUrl: "https://go.acme.com/x7Kp2",
      slug: "x7Kp2",
      destination: A,
      tags: [],
      externalId: `notion-page:${PAGE}`,
      version: "7",
      updatedAt: NOW,
      updatedBy: "linksync",
      ...link,
    },
    databaseId: "ds_1",
    requested,
    source: "zapier",
    now: NOW,
  };
}

describe("planDestinationUpdate", () => {
  it("writes the link (compare-and-set on its version) and the row in one patch when Notion holds the base", () => {
    expect(planDestinationUpdate(input())).toEqual({
      kind: "apply",
      destination: B,
      link: { destination: B, source: "zapier", ifVersion: "7" },
      row: { destination: B, syncedDestination: B, lastSynced: NOW },
    });
  });

  it("plans nothing when the URL is already on both sides and is the base", () => {
    expect(planDestinationUpdate(input({}, {}, A))).toEqual({ kind: "unchanged", destination: A });
  });

  it("keeps Notion's edit, resets the link to it and records the request as a conflict", () => {
    const plan = planDestinationUpdate(input({ destination: N }));
    if (plan.kind !== "conflict") throw new Error(`expected a conflict, got ${plan.kind}`);
    // Conflict times are to the second, as the row's comment states them.
    const at = "2026-11-22T17:05:00.000Z";
    expect(plan.link).toEqual({ destination: N, source: "linksync", ifVersion: "7" });
    expect(plan.row).toEqual({ syncedDestination: N, lastSynced: at, conflictAt: at });
    expect(plan.conflict).toMatchObject({
      databaseId: "ds_1",
      kept: N,
      dropped: B,
      droppedSource: "zapier",
      at,
    });
  });

  it("refuses a URL the Destination rules reject, before any write", () => {
    expect(planDestinationUpdate(input({}, {}, "not a url"))).toMatchObject({ kind: "invalid" });
  });
});
