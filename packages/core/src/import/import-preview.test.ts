import { describe, expect, it } from "vitest";
import { defaultFieldMap } from "../fields/field-map";
import { MAX_IMPORT_ROWS, previewImport } from "./import-preview";

const codes = (csv: string) =>
  previewImport(csv).rows.map((row) => [row.line, row.errors.map((e) => e.code)]);

describe("previewImport", () => {
  it("reads title, destination and tags (split on ; or |) with the file's line numbers", () => {
    const preview = previewImport(
      "Title,Destination,Tags\r\nSpring launch, https://acme.example/spring ,launch; email|spring\r\n",
    );
    expect(preview).toEqual({
      rows: [
        {
          line: 2,
          title: "Spring launch",
          destination: "https://acme.example/spring",
          tags: ["launch", "email", "spring"],
          errors: [],
        },
      ],
      ready: 1,
      fileErrors: [],
    });
  });

  it("marks each bad row with the sync's own rules and leaves the others ready", () => {
    const preview = previewImport(
      [
        "title,destination,tags",
        "Good,https://acme.example/good,",
        ",https://acme.example/untitled,",
        "Script,javascript:alert(1),",
        "Data,data:text/html;base64,PHNjcmlwdD4=,",
        "No scheme,acme.example/page,",
        `Long,https://acme.example/${"a".repeat(2100)},`,
        'Comma tag,https://acme.example/c,"a,b"',
        `Long tag,https://acme.example/t,${"x".repeat(101)}`,
        `${"T".repeat(200_001)},https://acme.example/long-title,`,
      ].join("\n"),
    );
    expect(preview.rows.map((row) => [row.line, row.errors.map((e) => e.code)])).toEqual([
      [2, []],
      [3, ["title_missing"]],
      [4, ["destination_unsafe_scheme"]],
      [5, ["destination_unsafe_scheme"]],
      [6, ["destination_not_absolute"]],
      [7, ["destination_too_long"]],
      [8, ["tag_comma"]],
      [9, ["tag_too_long"]],
      [10, ["text_too_long"]],
    ]);
    expect(preview.ready).toBe(1);
    expect(preview.rows[6]?.errors[0]?.message).toBe(
      'Tag "a,b" contains a comma, which Notion does not allow in a tag. Separate tags with ; or |, or use a dash.',
    );
  });

  it("flags a line repeating an earlier title and destination, naming the earlier line", () => {
    const preview = previewImport(
      "title,destination\nA,https://x.example/a\nB,https://x.example/a\nA, https://x.example/a\n",
    );
    expect(preview.rows.map((r) => r.errors.map((e) => e.code))).toEqual([[], [], ["duplicate_in_file"]]);
    expect(preview.rows[2]?.errors[0]?.message).toMatch(/^Line 2 has the same title and destination/);
  });

  it("accepts the database's own column names and refuses tags a database without a Tags column cannot keep", () => {
    const map = { ...defaultFieldMap(), tags: undefined };
    const preview = previewImport(
      "Name,DESTINATION,Tags\nA,https://x.example,spring\nB,https://y.example,\n",
      map,
    );
    expect(preview.rows.map((r) => [r.title, r.errors.map((e) => e.code)])).toEqual([
      ["A", ["tags_unmapped"]],
      ["B", []],
    ]);
  });

  it("says which header columns are missing", () => {
    expect(previewImport("name,url\na,https://x.example").fileErrors).toEqual([
      {
        code: "columns_missing",
        message:
          'The first line must name the columns; title and destination are missing (found: "name", "url").',
      },
    ]);
  });

  it("refuses an empty file, an unclosed quote and more rows than one import takes", () => {
    expect(previewImport("\uFEFF\r\n").fileErrors.map((e) => e.code)).toEqual(["file_empty"]);
    expect(previewImport('title,destination\n"A,https://x.example\n').fileErrors.map((e) => e.code)).toEqual([
      "quote_unclosed",
    ]);
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `R${i},https://x.example/${i}`);
    const tooMany = previewImport(["title,destination", ...rows].join("\n"));
    expect(tooMany.fileErrors.map((e) => e.code)).toEqual(["too_many_rows"]);
    expect(tooMany.rows).toEqual([]);
    expect(codes(["title,destination", ...rows.slice(1)].join("\n"))).toHaveLength(MAX_IMPORT_ROWS);
  });
});
