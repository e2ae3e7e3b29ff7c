import { parseCsv } from "./csv";

export interface ImportRow {
  /** 1-based line in the file, counting the header, as a spreadsheet shows it. */
  readonly line: number;
  readonly title: string;
  readonly destination: string;
  readonly tags: readonly string[];
  readonly errors: readonly string[];
}

export interface ImportPreview {
  readonly rows: readonly ImportRow[];
  readonly valid: number;
  /** Problems with the file as a whole (no header, missing column). */
  readonly fileErrors: readonly string[];
}

const MAX_TITLE = 2000;
const MAX_URL = 2000;

/**
 * Reads a CSV of destinations (title, destination, tags) and says, row by row, what would be imported and what is
 * wrong, before anything is written. Tags are separated by `;` or `|` inside their cell. Pure.
 */
export function previewImport(csvText: string): ImportPreview {
  const [header, ...body] = parseCsv(csvText);
  if (!header) return { rows: [], valid: 0, fileErrors: ["The file is empty."] };
  const columns = header.map((name) => name.trim().toLowerCase());
  const index = {
    title: columns.indexOf("title"),
    destination: columns.indexOf("destination"),
    tags: columns.indexOf("tags"),
  };
  const missing = (["title", "destination"] as const).filter((name) => index[name] === -1);
  if (missing.length > 0) {
    return {
      rows: [],
      valid: 0,
      fileErrors: [
        `The first line must name the columns; ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} missing.`,
      ],
    };
  }
  const seen = new Set<string>();
  const rows = body.map((cells, offset): ImportRow => {
    const title = (cells[index.title] ?? "").trim();
    const destination = (cells[index.destination] ?? "").trim();
    const tags = index.tags === -1 ? [] : splitTags(cells[index.tags] ?? "");
    const errors = [...titleErrors(title), ...destinationErrors(destination)];
    const key = `${title}\u0000${destination}`;
    if (errors.length === 0 && seen.has(key))
      errors.push("The same title and destination appear earlier in the file.");
    seen.add(key);
    return { line: offset + 2, title, destination, tags, errors };
  });
  return { rows, valid: rows.filter((row) => row.errors.length === 0).length, fileErrors: [] };
}

function splitTags(cell: string): string[] {
  return [
    ...new Set(
      cell
        .split(/[;|]/)
        .map((tag) => tag.trim())
        .filter((tag) => tag !== ""),
    ),
  ];
}

function titleErrors(title: string): string[] {
  if (title === "") return ["Title is empty."];
  if (title.length > MAX_TITLE) return [`Title is longer than ${MAX_TITLE} characters.`];
  return [];
}

function destinationErrors(destination: string): string[] {
  if (destination === "") return ["Destination is empty."];
  if (destination.length > MAX_URL) return [`Destination is longer than ${MAX_URL} characters.`];
  if (!URL.canParse(destination))
    return [`Destination "${destination}" is not a web address (it must start with https://).`];
  const { protocol } = new URL(destination);
  if (protocol !== "https:" && protocol !== "http:") {
    return [`Destination must be an http(s) address; ${protocol.replace(":", "")}: links are refused.`];
  }
  return [];
}
