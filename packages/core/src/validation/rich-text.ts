import type { FieldRole } from "../fields/field-map";
import type { RowProblem } from "./row-problem";

/** Notion refuses a rich text part whose content is longer than this. */
export const RICH_TEXT_PART_LIMIT = 2000;
/** Notion refuses a rich text value made of more parts than this. */
export const RICH_TEXT_MAX_PARTS = 100;

/**
 * Splits text into parts Notion accepts (≤ 2,000 UTF-16 code units each), never cutting a surrogate pair in two,
 * so an emoji at a boundary survives. Empty text is no parts.
 */
export function splitRichText(text: string, limit = RICH_TEXT_PART_LIMIT): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + limit, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}

/** Whether the text can be written to one rich text cell, split into parts. */
export function fitsRichText(text: string): boolean {
  return (
    text.length <= RICH_TEXT_PART_LIMIT * RICH_TEXT_MAX_PARTS &&
    splitRichText(text).length <= RICH_TEXT_MAX_PARTS
  );
}

/** A problem when the text cannot be written to a rich text column even split into parts. */
export function checkRichTextLength(column: FieldRole, text: string): RowProblem | null {
  if (fitsRichText(text)) return null;
  return {
    code: "text_too_long",
    column,
    message: `The text for this column is ${text.length.toLocaleString("en-US")} characters long; Notion stores at most 200,000 in one cell.`,
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
