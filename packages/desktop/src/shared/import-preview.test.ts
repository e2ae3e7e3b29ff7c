import { describe, expect, it } from "vitest";
import { parseCsv, toCsv } from "./csv";
import { previewImport } from "./import-preview";

describe("CSV", () => {
  it("round-trips commas, quotes and line breaks", () => {
    const rows = [
      ["a,b", 'say "hi"', "two\nlines"],
      ["plain", "", "x"],
    ];
    expect(parseCsv(toCsv(["h1", "h2", "h3"], rows))).toEqual([["h1", "h2", "h3"], ...rows]);
  });
  it("keeps a spreadsheet from running a cell as a formula", () => {
    expect(toCsv(["x"], [["=HYPERLINK(1)"]])).toBe("x\r\n'=HYPERLINK(1)\r\n");
  });
});

describe("import preview", () => {
  it("lists every row with its problems before anything is written", () => {
    const preview = previewImport(
      [
        "Title,Destination,Tags",
        "Spring launch,https://acme.example/spring,launch; email",
        ",https://acme.example/empty-title,",
        "Bad link,javascript:alert(1),",
        "Not a url,acme dot com,",
        "Spring launch,https://acme.example/spring,again",
      ].join("\n"),
    );
    expect(preview.valid).toBe(1);
    expect(preview.rows.map((row) => [row.line, row.errors])).toEqual([
      [2, []],
      [3, ["Title is empty."]],
      [4, ["Destination must be an http(s) address; javascript: links are refused."]],
      [5, ['Destination "acme dot com" is not a web address (it must start with https://).']],
      [6, ["The same title and destination appear earlier in the file."]],
    ]);
    expect(preview.rows[0]?.tags).toEqual(["launch", "email"]);
  });

  it("says which column is missing from the header", () => {
    expect(previewImport("name,url\na,https://x.example").fileErrors).toEqual([
      "The first line must name the columns; title and destination are missing.",
    ]);
    expect(previewImport("").fileErrors).toEqual(["The file is empty."]);
  });
});
