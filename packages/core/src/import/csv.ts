/** One CSV record and the line of the file it starts on (1-based), as a text editor or spreadsheet numbers it. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

export interface ParsedCsv {
  /** Every record with at least one non-blank cell, in file order. */
  readonly records: readonly CsvRecord[];
  /** The line a quoted cell opens on and is never closed, or `null`. */
  readonly unclosedQuoteLine: number | null;
}

/**
 * Parses CSV as RFC 4180 writes it, and as spreadsheets export it: a leading byte-order mark is dropped; quoted
 * cells may hold commas, `""` for a quote and line breaks; records end with CRLF, LF or a lone CR. Blank records
 * (an empty line, a row of empty cells) are left out. Pure.
 */
export function parseCsv(text: string): ParsedCsv {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  const endRecord = () => {
    cells.push(cell);
    if (cells.some((value) => value.trim() !== "")) records.push({ line: recordLine, cells });
    cells = [];
    cell = "";
  };
  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    if (char === "\r" || char === "\n") {
      if (char === "\r" && input[i + 1] === "\n") i++;
      line++;
      if (quoted) cell += "\n";
      else {
        endRecord();
        recordLine = line;
      }
    } else if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') {
      quoted = true;
      quoteLine = line;
    } else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else cell += char;
  }
  if (cell !== "" || cells.length > 0) endRecord();
  return { records, unclosedQuoteLine: quoted ? quoteLine : null };
}
