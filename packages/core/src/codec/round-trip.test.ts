import type { PageObjectResponse } from "@notionhq/client";
import { describe, expect, it } from "vitest";
import { defaultFieldMap } from "../fields/field-map";
import { decodeRow } from "./decode-row";
import { encodeRowPatch, type PagePropertiesRequest } from "./encode-row-patch";

/** What Notion answers for a page whose properties were set by these requests (the types Linksync writes). */
function asPageResponse(properties: PagePropertiesRequest): PageObjectResponse {
  const responseProperties: Record<string, unknown> = {};
  for (const [name, request] of Object.entries(properties)) {
    const [type, value] = Object.entries(request).find(([key]) => key !== "type") ?? [];
    const response =
      type === "rich_text" || type === "title"
        ? (value as { text: { content: string } }[]).map((p) => ({ ...p, plain_text: p.text.content }))
        : type === "files"
          ? (value as { name: string }[]).map((f) => ({
              name: f.name,
              type: "file",
              file: { url: "https://s3" },
            }))
          : value;
    responseProperties[name] = { id: name, type, [type as string]: response };
  }
  responseProperties.Name = { id: "title", type: "title", title: [{ type: "text", plain_text: "Spring" }] };
  return {
    object: "page",
    id: "p1",
    url: "https://www.notion.so/p1",
    in_trash: false,
    archived: false,
    last_edited_time: "2026-11-22T17:00:00.000Z",
    properties: responseProperties,
  } as unknown as PageObjectResponse;
}

describe("codec round trip", () => {
  it("decodes what it encoded", () => {
    const fieldMap = defaultFieldMap();
    const longError = `${"x".repeat(2500)}😀`;
    const encoded = encodeRowPatch(
      {
        destination: "https://a.example/spring",
        tags: ["spring", "launch"],
        shortUrl: "https://go.acme.com/x7Kp2",
        clicks: 7,
        qr: { fileUploadId: "fu_1", fileName: "qr.png" },
        lastSynced: "2026-11-22T17:00:00.000Z",
        linkId: "lnk_1",
        syncedDestination: "https://a.example/spring",
        syncError: longError,
        conflictAt: "2026-11-22T16:00:00.000Z",
      },
      fieldMap,
    );
    const row = decodeRow(asPageResponse(encoded), { ...fieldMap, sync: undefined });
    expect(row).toMatchObject({
      title: "Spring",
      destination: "https://a.example/spring",
      tags: ["spring", "launch"],
      shortUrl: "https://go.acme.com/x7Kp2",
      clicks: 7,
      qrFileName: "qr.png",
      lastSynced: "2026-11-22T17:00:00.000Z",
      linkId: "lnk_1",
      syncedDestination: "https://a.example/spring",
      syncError: longError,
      conflictAt: "2026-11-22T16:00:00.000Z",
      problems: [],
    });
  });
});
