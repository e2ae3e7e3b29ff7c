import { describe, expect, it } from "vitest";
import type { Row } from "../rows/row";
import { newRow } from "../rows/row.fixture";
import { mintIdempotencyKey } from "./idempotency-key";
import { planBackfillRow } from "./plan-backfill-row";
import { qrFileNameFor } from "./qr-file-name";

const NOW = "2026-11-22T17:05:00.000Z";

function row(change: Partial<Row>): Row {
  return newRow({ tags: ["spring"], lastEditedTime: NOW, ...change });
}

const mapped = { tags: true, sync: false };

describe("planBackfillRow", () => {
  it("mints for a row with a Destination and no Short URL", () => {
    expect(planBackfillRow({ row: row({}), mapped, now: NOW })).toMatchObject({
      kind: "mint",
      create: { destination: "https://a.example", idempotencyKey: "notion-page:p1", tags: ["spring"] },
    });
  });

  it.each([
    ["already has a Short URL", { shortUrl: "https://bit.ly/x" }, "has_short_url"],
    ["has no Destination", { destination: null }, "no_destination"],
    ["is in the trash", { inTrash: true }, "trashed"],
  ])("leaves alone a row that %s", (_, change, reason) => {
    expect(planBackfillRow({ row: row(change), mapped, now: NOW })).toMatchObject({ kind: "skip", reason });
  });

  it("respects Sync when it is mapped", () => {
    const withSync = { tags: true, sync: true };
    expect(planBackfillRow({ row: row({ sync: "Draft" }), mapped: withSync, now: NOW })).toMatchObject({
      reason: "draft",
    });
    expect(planBackfillRow({ row: row({ sync: "Live" }), mapped: withSync, now: NOW }).kind).toBe("mint");
  });

  it("marks a bad Destination and goes on", () => {
    expect(planBackfillRow({ row: row({ destination: "ftp://x.example" }), mapped, now: NOW })).toMatchObject(
      {
        kind: "invalid",
        problem: { code: "destination_unsupported_scheme" },
      },
    );
  });
});

describe("mintIdempotencyKey", () => {
  it("is the same however the page id is written", () => {
    const key = "notion-page:38c9ce7b-60a4-8168-ae4b-dee385a036ec";
    expect(mintIdempotencyKey("38c9ce7b-60a4-8168-ae4b-dee385a036ec")).toBe(key);
    expect(mintIdempotencyKey("38C9CE7B60A48168AE4BDEE385A036EC")).toBe(key);
  });
});

describe("qrFileNameFor", () => {
  it("names the slug and changes with the Short URL", () => {
    expect(qrFileNameFor("https://go.acme.com/x7Kp2")).toMatch(/^qr-x7Kp2-[0-9a-f]{8}\.png$/);
    expect(qrFileNameFor("https://go.other.com/x7Kp2")).not.toBe(qrFileNameFor("https://go.acme.com/x7Kp2"));
    expect(qrFileNameFor("https://go.acme.com/")).toMatch(/^qr-link-[0-9a-f]{8}\.png$/);
  });
});
