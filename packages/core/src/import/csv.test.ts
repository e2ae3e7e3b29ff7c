import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv";

const cellsOf = (text: string) => parseCsv(text).records.map((r) => r.cells);

describe("parseCsv (RFC 4180)", () => {
  it("splits records on CRLF, LF and a lone CR, and numbers each by its line", () => {
    const parsed = parseCsv("a,b\r\n1,2\n3,4\r5,6");
    expect(parsed.records).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["1", "2"] },
      { line: 3, cells: ["3", "4"] },
      { line: 4, cells: ["5", "6"] },
    ]);
    expect(parsed.unclosedQuoteLine).toBeNull();
  });

  it("keeps commas, escaped quotes and line breaks inside quoted cells", () => {
    expect(cellsOf('title,note\r\n"Sale, spring","say ""hi"""\r\n')).toEqual([
      ["title", "note"],
      ["Sale, spring", 'say "hi"'],
    ]);
  });

  it("numbers a record after an embedded line break by the line it starts on", () => {
    const parsed = parseCsv('h\n"two\r\nlines"\nnext\n');
    expect(parsed.records).toEqual([
      { line: 1, cells: ["h"] },
      { line: 2, cells: ["two\nlines"] },
      { line: 4, cells: ["next"] },
    ]);
  });

  it("drops a byte-order mark so the first header is read as written", () => {
    expect(cellsOf("\uFEFFtitle,destination\nx,y")[0]).toEqual(["title", "destination"]);
  });

  it("leaves out blank lines and rows of empty cells, and keeps empty cells in a row", () => {
    expect(cellsOf("a,b\n\n , \n,x\n\n")).toEqual([
      ["a", "b"],
      ["", "x"],
    ]);
  });

  it("reports the line of a quote that is never closed", () => {
    expect(parseCsv('a\nok\n"never\nclosed').unclosedQuoteLine).toBe(3);
  });

  it("reads an empty file as no records", () => {
    expect(parseCsv("")).toEqual({ records: [], unclosedQuoteLine: null });
  });
});
