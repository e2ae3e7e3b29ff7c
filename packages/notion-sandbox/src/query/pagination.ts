import { bodyFieldError, validationError } from "../errors/api-error";

export const MAX_PAGE_SIZE = 100;

export interface PageSlice<T> {
  results: T[];
  next_cursor: string | null;
  has_more: boolean;
}

/** `page_size` from a body (number) or a query string (text); Notion's default and maximum is 100. */
export function parsePageSize(raw: unknown, where: "body" | "query"): number {
  if (raw === undefined || raw === null) return MAX_PAGE_SIZE;
  const value = typeof raw === "string" && where === "query" ? Number(raw) : raw;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw bodyFieldError(`${where}.page_size`, "should be an integer", raw);
  }
  if (value < 1) throw bodyFieldError(`${where}.page_size`, "should be ≥ `1`", value);
  if (value > MAX_PAGE_SIZE)
    throw bodyFieldError(`${where}.page_size`, `should be ≤ \`${MAX_PAGE_SIZE}\``, value);
  return value;
}

/**
 * Cursor pagination where the cursor is the id of the first item of the next page. Items edited
 * out of a result set before the cursor therefore never shift the next page.
 */
export function paginate<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  startCursor: unknown,
  pageSize: number,
): PageSlice<T> {
  let start = 0;
  if (startCursor !== undefined && startCursor !== null) {
    if (typeof startCursor !== "string")
      throw bodyFieldError("body.start_cursor", "should be a string", startCursor);
    start = items.findIndex((item) => idOf(item) === startCursor);
    if (start < 0) {
      throw validationError(
        `start_cursor provided is invalid: ${startCursor}. It does not point into these results.`,
      );
    }
  }
  const results = items.slice(start, start + pageSize);
  const next = items[start + pageSize];
  return { results, next_cursor: next === undefined ? null : idOf(next), has_more: next !== undefined };
}
