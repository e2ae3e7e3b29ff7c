import type { PageObjectResponse, QueryDataSourceResponse } from "@notionhq/client";
import { describe, expect, it } from "vitest";
import { defaultFieldMap, type FieldMap } from "../fields/field-map";
import { decodeRow } from "./decode-row";
import recordedQuery from "./fixtures/v2025-09-03__data-source-query__page2__has_more-false.json";
import recordedPage from "./fixtures/v2025-09-03__page__create-response__all-property-types.json";

/** The recorded all-property-types page, mapped onto Linksync roles by type. */
const allTypesMap: FieldMap = {
  title: "Title",
  destination: "URL",
  tags: "Multi-select",
  shortUrl: "URL",
  clicks: "Number",
  qr: "Files",
  lastSynced: "Date",
  sync: "Select",
  linkId: "Text",
  syncedDestination: "URL",
  syncError: "Text",
  conflictAt: "Date",
  conflictLog: undefined,
};

function page(): PageObjectResponse {
  return structuredClone(recordedPage) as unknown as PageObjectResponse;
}

function withProperty(name: string, value: unknown): PageObjectResponse {
  const p = page();
  (p.properties as Record<string, unknown>)[name] = value;
  return p;
}

describe("decodeRow on a recorded 2025-09-03 page", () => {
  it("reads every mapped type", () => {
    expect(decodeRow(page(), allTypesMap)).toEqual({
      pageId: "38c9ce7b-60a4-8168-ae4b-dee385a036ec",
      url: "https://www.notion.so/Title-38c9ce7b60a48168ae4bdee385a036ec",
      title: "Title",
      destination: "https://ultimate-notion.com/",
      tags: ["Option1"],
      shortUrl: "https://ultimate-notion.com/",
      clicks: 42,
      qrFileName: "My File",
      lastSynced: "2021-01-01",
      sync: { unknown: "Option1" },
      linkId: "Text",
      syncedDestination: "https://ultimate-notion.com/",
      syncError: "Text",
      conflictAt: "2021-01-01",
      inTrash: false,
      lastEditedTime: "2026-06-27T06:00:00.000Z",
      problems: [],
    });
  });

  it("reads a Sync option it knows", () => {
    const row = decodeRow(
      withProperty("Select", { id: "x", type: "select", select: { id: "o", name: "Paused", color: "red" } }),
      allTypesMap,
    );
    expect(row.sync).toBe("Paused");
  });

  it("joins multi-part rich text", () => {
    const parts = ["lnk_", "abc", "😀"].map((content) => ({
      type: "text",
      text: { content, link: null },
      plain_text: content,
      href: null,
    }));
    const row = decodeRow(
      withProperty("Text", { id: "Pnxw", type: "rich_text", rich_text: parts }),
      allTypesMap,
    );
    expect(row.linkId).toBe("lnk_abc😀");
  });

  it("reads empty values as null or empty", () => {
    const p = page();
    const props = p.properties as Record<string, unknown>;
    props.URL = { id: "u", type: "url", url: null };
    props.Number = { id: "n", type: "number", number: null };
    props.Files = { id: "f", type: "files", files: [] };
    props.Date = { id: "d", type: "date", date: null };
    props.Select = { id: "s", type: "select", select: null };
    props.Text = { id: "t", type: "rich_text", rich_text: [] };
    props["Multi-select"] = { id: "m", type: "multi_select", multi_select: [] };
    const row = decodeRow(p, allTypesMap);
    expect(row).toMatchObject({
      destination: null,
      clicks: null,
      qrFileName: null,
      lastSynced: null,
      sync: null,
      linkId: null,
      tags: [],
      problems: [],
    });
  });

  it("treats a trashed page as in the trash, whichever flag the API version sets", () => {
    const trashed = { ...page(), in_trash: true };
    const archived = { ...page(), in_trash: false, archived: true };
    expect(decodeRow(trashed, allTypesMap).inTrash).toBe(true);
    expect(decodeRow(archived, allTypesMap).inTrash).toBe(true);
  });

  it.each([
    ["URL", { id: "u", type: "url", url: 42 }, "destination"],
    ["Number", { id: "n", type: "number", number: "42" }, "clicks"],
    ["Files", { id: "f", type: "files", files: [{ type: "external" }] }, "qr"],
    ["Date", { id: "d", type: "date", date: { start: "yesterday" } }, "lastSynced"],
    ["Multi-select", { id: "m", type: "multi_select", multi_select: [{ id: "x" }] }, "tags"],
    ["Text", { id: "t", type: "rich_text", rich_text: [{ type: "text" }] }, "linkId"],
    ["Select", { id: "s", type: "select" }, "sync"],
  ])("reports a malformed %s value instead of reading it as empty", (name, value, role) => {
    const row = decodeRow(withProperty(name, value), allTypesMap);
    expect(row.problems.map((p) => p.column)).toContain(role);
    expect(row.problems.every((p) => p.code === "value_malformed")).toBe(true);
  });

  it("reports a column whose type changed", () => {
    const row = decodeRow(withProperty("URL", { id: "u", type: "rich_text", rich_text: [] }), allTypesMap);
    expect(row.destination).toBeNull();
    expect(row.problems.find((p) => p.column === "destination")).toEqual({
      code: "value_malformed",
      column: "destination",
      message:
        'The Destination column "URL" is rich_text in this row, not url. Change its type back in Notion, or map another column.',
    });
  });

  it("leaves unmapped optional columns empty without a problem", () => {
    const row = decodeRow(page(), { ...allTypesMap, tags: undefined, sync: undefined });
    expect(row.tags).toEqual([]);
    expect(row.sync).toBeNull();
    expect(row.problems).toEqual([]);
  });
});

describe("decodeRow on a recorded query page", () => {
  it("reports every mapped column missing from a database that has only a title", () => {
    const results = (recordedQuery as unknown as QueryDataSourceResponse).results as PageObjectResponse[];
    expect(results).toHaveLength(10);
    for (const result of results) {
      const row = decodeRow(result, defaultFieldMap());
      expect(row.title).toMatch(/^Page \d+$/);
      expect(row.problems.map((p) => p.column).sort()).toEqual(
        [
          "clicks",
          "conflictAt",
          "destination",
          "lastSynced",
          "linkId",
          "qr",
          "shortUrl",
          "sync",
          "syncError",
          "syncedDestination",
          "tags",
        ].sort(),
      );
      expect(row.problems.every((p) => p.code === "column_missing")).toBe(true);
    }
  });
});
