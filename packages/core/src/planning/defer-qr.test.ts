import { describe, expect, it } from "vitest";
import type { Link } from "../providers/link-provider";
import { newRow } from "../rows/row.fixture";
import { deferQr } from "./defer-qr";
import { planRow } from "./plan-row";

const NOW = "2026-06-01T12:00:00.000Z";

const row = newRow({
  title: "Spring sale",
  destination: "https://shop.example.com/spring",
  lastEditedTime: NOW,
});

const link: Link = {
  id: "l1",
  shortUrl: "https://go.acme.com/spring",
  slug: "spring",
  destination: "https://shop.example.com/spring",
  tags: [],
  externalId: "notion-page:p1",
  version: "1",
  updatedAt: NOW,
  updatedBy: "linksync",
};

describe("deferQr", () => {
  it("keeps the link's columns in the one page update and owes the QR in the snapshot", () => {
    const plan = planRow({ row, link, snapshot: null, mapped: { tags: false, sync: false }, now: NOW });
    expect(plan.kind === "sync" && plan.row?.qr).toBeTruthy();
    const deferred = deferQr(plan);
    if (deferred.kind !== "sync" || deferred.row === null) throw new Error("expected a row write");
    expect(deferred.row.qr).toBeNull();
    expect(deferred.row.patch).toMatchObject({
      shortUrl: link.shortUrl,
      linkId: link.id,
      syncedDestination: link.destination,
      clicks: 0,
      lastSynced: NOW,
    });
    expect(deferred.changes.map((c) => c.field)).not.toContain("qr");
    expect(deferred.snapshot.qrForShortUrl).toBeNull();
  });

  it("leaves a plan without a QR upload as it is", () => {
    const skip = { kind: "skip", pageId: "p1", reason: "unchanged" } as const;
    expect(deferQr(skip)).toBe(skip);
  });
});
