import { describe, expect, it } from "vitest";
import { defaultFieldMap } from "../fields/field-map";
import { CodecError } from "./codec-error";
import { encodeRowPatch, richTextRequest } from "./encode-row-patch";

const fieldMap = { ...defaultFieldMap(), destination: "Target", shortUrl: "Short link" };

describe("encodeRowPatch", () => {
  it("encodes every writable column into one properties object under the mapped names", () => {
    expect(
      encodeRowPatch(
        {
          destination: "https://a.example",
          tags: ["spring", "launch"],
          shortUrl: "https://go.acme.com/x7Kp2",
          clicks: 12,
          qr: { fileUploadId: "fu_1", fileName: "qr-x7Kp2.png" },
          lastSynced: "2026-11-22T17:00:00.000Z",
          linkId: "lnk_1",
          syncedDestination: "https://a.example",
          syncError: null,
          conflictAt: "2026-11-22T16:59:00.000Z",
        },
        fieldMap,
      ),
    ).toEqual({
      Target: { url: "https://a.example" },
      Tags: { multi_select: [{ name: "spring" }, { name: "launch" }] },
      "Short link": { url: "https://go.acme.com/x7Kp2" },
      Clicks: { number: 12 },
      QR: { files: [{ type: "file_upload", file_upload: { id: "fu_1" }, name: "qr-x7Kp2.png" }] },
      "Last Synced": { date: { start: "2026-11-22T17:00:00.000Z" } },
      "Link ID": { rich_text: [{ type: "text", text: { content: "lnk_1" } }] },
      "Synced Destination": { url: "https://a.example" },
      "Sync Error": { rich_text: [] },
      "Conflict At": { date: { start: "2026-11-22T16:59:00.000Z" } },
    });
  });

  it("writes only the columns in the patch", () => {
    expect(encodeRowPatch({ clicks: 3 }, fieldMap)).toEqual({ Clicks: { number: 3 } });
    expect(encodeRowPatch({}, fieldMap)).toEqual({});
  });

  it("empties the QR column when asked to clear it", () => {
    expect(encodeRowPatch({ qr: null }, fieldMap)).toEqual({ QR: { files: [] } });
  });

  it("splits a long Sync Error into parts of at most 2,000 characters", () => {
    const message = "e".repeat(4100);
    const encoded = encodeRowPatch({ syncError: message }, fieldMap)["Sync Error"];
    const parts = (encoded as { rich_text: { text: { content: string } }[] }).rich_text;
    expect(parts.map((p) => p.text.content.length)).toEqual([2000, 2000, 100]);
    expect(parts.map((p) => p.text.content).join("")).toBe(message);
  });

  it.each([
    [{ tags: ["a,b"] }, "invalid_value"],
    [{ tags: ["x".repeat(101)] }, "invalid_value"],
    [{ clicks: Number.NaN }, "invalid_value"],
    [{ lastSynced: "soon" }, "invalid_value"],
    [{ syncError: "x".repeat(200_001) }, "invalid_value"],
  ])("refuses to encode %j", (patch, code) => {
    expect(() => encodeRowPatch(patch, fieldMap)).toThrow(expect.objectContaining({ code }));
  });

  it("refuses to write an unmapped column", () => {
    expect(() => encodeRowPatch({ tags: ["a"] }, { ...fieldMap, tags: undefined })).toThrow(CodecError);
  });
});

describe("richTextRequest", () => {
  it("is empty for empty text", () => {
    expect(richTextRequest("")).toEqual([]);
  });
});
