import type { DataSourceObjectResponse } from "@notionhq/client";
import { describe, expect, it } from "vitest";
import { defaultFieldMap, type FieldMap } from "../fields/field-map";
import { LINKSYNC_COLUMNS, schemaWith } from "./fixtures/schema-with";
import recorded from "./fixtures/v2025-09-03__data-source__retrieve__all-property-types-schema.json";
import { validateFieldMap } from "./validate-field-map";

const userColumns = { Name: "title", Destination: "url", Tags: "multi_select", Sync: "select" };

describe("validateFieldMap", () => {
  it("accepts a complete database", () => {
    const schema = schemaWith({
      ...userColumns,
      ...LINKSYNC_COLUMNS,
    });
    expect(validateFieldMap(schema, defaultFieldMap())).toEqual({ ok: true, missing: [] });
  });

  it("offers to create missing Linksync columns instead of refusing", () => {
    const check = validateFieldMap(schemaWith(userColumns), defaultFieldMap());
    expect(check.ok).toBe(true);
    expect(check.missing.map((m) => [m.role, m.column, m.type])).toEqual([
      ["shortUrl", "Short URL", "url"],
      ["clicks", "Clicks", "number"],
      ["qr", "QR", "files"],
      ["lastSynced", "Last Synced", "date"],
      ["linkId", "Link ID", "rich_text"],
      ["syncedDestination", "Synced Destination", "url"],
      ["syncError", "Sync Error", "rich_text"],
      ["conflictAt", "Conflict At", "date"],
      ["conflictLog", "Conflict Log", "rich_text"],
    ]);
    expect(check.missing[1]?.message).toBe(
      'Linksync will add a Number column "Clicks" (total clicks, refreshed every 5 minutes).',
    );
  });

  it("refuses a Destination of the wrong type with the contract's message", () => {
    const check = validateFieldMap(
      schemaWith({ ...userColumns, Destination: "rich_text" }),
      defaultFieldMap(),
    );
    expect(check).toMatchObject({
      ok: false,
      errors: [
        {
          code: "wrong_type",
          role: "destination",
          column: "Destination",
          message:
            'Destination must be a URL property ("Destination" is rich_text). Change its type in Notion, or map another column.',
        },
      ],
    });
  });

  it("refuses a user's column of the wrong type under a Linksync name rather than retyping it", () => {
    const check = validateFieldMap(schemaWith({ ...userColumns, Clicks: "rich_text" }), defaultFieldMap());
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors.map((e) => [e.code, e.role])).toEqual([["wrong_type", "clicks"]]);
  });

  it("refuses a missing Notion-owned column with the fix", () => {
    const { Destination: _, ...withoutDestination } = userColumns;
    const check = validateFieldMap(schemaWith(withoutDestination), defaultFieldMap());
    expect(check).toMatchObject({
      ok: false,
      errors: [
        {
          code: "missing_column",
          role: "destination",
          message:
            'Destination is mapped to "Destination", which does not exist in this database. Create a URL property named "Destination" in Notion, or map another column.',
        },
      ],
    });
  });

  it("points at the real title column when the title is mapped elsewhere", () => {
    const check = validateFieldMap(
      schemaWith({ ...userColumns, Name: "rich_text", Campaign: "title" }),
      defaultFieldMap(),
    );
    expect(check).toMatchObject({
      ok: false,
      errors: [{ code: "not_the_title", message: expect.stringContaining('Map "Campaign" instead.') }],
    });
  });

  it("refuses a mapped optional column that does not exist, and accepts it unmapped", () => {
    const schema = schemaWith({ Name: "title", Destination: "url" });
    const check = validateFieldMap(schema, defaultFieldMap());
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors.map((e) => e.role)).toEqual(["tags", "sync"]);
    expect(validateFieldMap(schema, { ...defaultFieldMap(), tags: undefined, sync: undefined }).ok).toBe(
      true,
    );
  });

  it("refuses a Sync column that is a status rather than a select", () => {
    const check = validateFieldMap(schemaWith({ ...userColumns, Sync: "status" }), defaultFieldMap());
    expect(check).toMatchObject({ ok: false, errors: [{ code: "wrong_type", role: "sync" }] });
  });

  it("refuses two roles mapped to one column and an unmapped required role", () => {
    const fieldMap: FieldMap = { ...defaultFieldMap(), shortUrl: "Destination", clicks: " " };
    const check = validateFieldMap(schemaWith(userColumns), fieldMap);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.errors.map((e) => [e.code, e.role])).toEqual([
        ["duplicate_mapping", "shortUrl"],
        ["unmapped", "clicks"],
      ]);
      expect(check.errors[0]?.message).toBe(
        'Destination and Short URL are both mapped to "Destination". Map each to its own column.',
      );
    }
  });

  it("checks a recorded 2025-09-03 data source with every property type", () => {
    const schema = recorded as unknown as DataSourceObjectResponse;
    const fieldMap: FieldMap = {
      title: "Title",
      destination: "URL",
      tags: "Multi-Select",
      shortUrl: "Email",
      clicks: "Number",
      qr: "Files",
      lastSynced: "Date",
      sync: "Status",
      linkId: "Text",
      syncedDestination: "Short URL",
      syncError: "AI summary",
      conflictAt: "Created time",
      conflictLog: undefined,
    };
    const check = validateFieldMap(schema, fieldMap);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.errors.map((e) => [e.role, e.code])).toEqual([
        ["shortUrl", "wrong_type"],
        ["sync", "wrong_type"],
        ["conflictAt", "wrong_type"],
      ]);
      expect(check.errors[0]?.message).toBe(
        'Short URL must be a URL property ("Email" is email). Change its type in Notion, or map another column.',
      );
    }
    expect(check.missing.map((m) => m.column)).toEqual(["Short URL"]);
  });
});
