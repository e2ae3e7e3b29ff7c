import { describe, expect, it } from "vitest";
import { textItem } from "../properties/rich-text";
import type { PropertyConfig, StoredValues } from "../store/types";
import { compileFilter } from "./filter";
import type { QueryRow } from "./row";
import { compileSorts, sortRows } from "./sort";

const schema: PropertyConfig[] = [
  { id: "title", name: "Name", description: null, type: "title", title: {} },
  { id: "num", name: "Clicks", description: null, type: "number", number: { format: "number" } },
  { id: "day", name: "Launch", description: null, type: "date", date: {} },
  { id: "chk", name: "Done", description: null, type: "checkbox", checkbox: {} },
  { id: "qr", name: "QR", description: null, type: "files", files: {} },
  { id: "url", name: "Destination", description: null, type: "url", url: {} },
];

function row(values: StoredValues, lastEdited = Date.parse("2026-03-10T12:00:00Z")): QueryRow {
  return { values, createdTime: Date.parse("2026-03-01T00:00:00Z"), lastEditedTime: lastEdited };
}

const now = Date.parse("2026-03-15T00:00:00Z");

describe("compileFilter", () => {
  it("compares dates at day precision for date-only operands and at instant precision otherwise", () => {
    const launch = row({
      day: { type: "date", date: { start: "2026-03-05T15:30:00Z", end: null, time_zone: null } },
    });
    expect(compileFilter({ property: "Launch", date: { equals: "2026-03-05" } }, schema, now)(launch)).toBe(
      true,
    );
    expect(
      compileFilter({ property: "Launch", date: { after: "2026-03-05T15:00:00Z" } }, schema, now)(launch),
    ).toBe(true);
    expect(compileFilter({ property: "Launch", date: { after: "2026-03-05" } }, schema, now)(launch)).toBe(
      false,
    );
    expect(compileFilter({ property: "Launch", date: { past_week: {} } }, schema, now)(launch)).toBe(false);
  });

  it("filters on last_edited_time with on_or_after, the sync watermark query", () => {
    const filter = compileFilter(
      { timestamp: "last_edited_time", last_edited_time: { on_or_after: "2026-03-10T12:00:00.000Z" } },
      schema,
      now,
    );
    expect(filter(row({}, Date.parse("2026-03-10T12:00:00Z")))).toBe(true);
    expect(filter(row({}, Date.parse("2026-03-10T11:59:00Z")))).toBe(false);
  });

  it("treats missing numbers as empty and excludes them from comparisons", () => {
    const greater = compileFilter({ property: "Clicks", number: { greater_than: 5 } }, schema, now);
    expect(greater(row({ num: { type: "number", number: 6 } }))).toBe(true);
    expect(greater(row({}))).toBe(false);
    expect(compileFilter({ property: "Clicks", number: { is_empty: true } }, schema, now)(row({}))).toBe(
      true,
    );
  });

  it("handles checkbox, files emptiness and case-insensitive contains", () => {
    expect(compileFilter({ property: "Done", checkbox: { equals: false } }, schema, now)(row({}))).toBe(true);
    const noQr = compileFilter({ property: "QR", files: { is_empty: true } }, schema, now);
    expect(
      noQr(row({ qr: { type: "files", files: [{ kind: "external", name: "a", url: "https://a" }] } })),
    ).toBe(false);
    const contains = compileFilter({ property: "Name", rich_text: { contains: "SALE" } }, schema, now);
    expect(contains(row({ title: { type: "title", richText: [textItem("Spring sale")] } }))).toBe(true);
  });

  it("refuses unknown properties and conditions that do not fit the type", () => {
    expect(() => compileFilter({ property: "Nope", url: { is_empty: true } }, schema, now)).toThrow(
      /Could not find property/,
    );
    expect(() => compileFilter({ property: "Clicks", number: { contains: "x" } }, schema, now)).toThrow(
      /validation/,
    );
    expect(() => compileFilter({ and: [{ and: [{ or: [] }] }] }, schema, now)).toThrow(
      /nests compound filters/,
    );
  });
});

describe("compileSorts", () => {
  it("sorts numbers descending with empty values last", () => {
    const sort = compileSorts([{ property: "Clicks", direction: "descending" }], schema);
    if (!sort) throw new Error("expected a compiled sort");
    const rows = [
      row({}),
      row({ num: { type: "number", number: 1 } }),
      row({ num: { type: "number", number: 9 } }),
    ];
    const sorted = sortRows(rows, (entry) => entry, sort);
    expect(
      sorted.map((entry) => (entry.values.num?.type === "number" ? entry.values.num.number : null)),
    ).toEqual([9, 1, null]);
  });
});
