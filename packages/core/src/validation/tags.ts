import type { RowProblem } from "./row-problem";

/** Notion refuses multi-select option names longer than this. */
export const MAX_TAG_LENGTH = 100;
/** Notion holds at most this many options in one multi-select value (one row's tags). */
export const MAX_TAGS_PER_ROW = 100;

/** The row's problem when a tag set is larger than Notion holds; `null` when it fits. */
export function tagCountProblem(count: number): RowProblem | null {
  if (count <= MAX_TAGS_PER_ROW) return null;
  return {
    code: "too_many_tags",
    column: "tags",
    message: `The row and its link together have ${count} tags; Notion holds at most ${MAX_TAGS_PER_ROW} per row, so the tags were left as they are on both sides. Remove some at the link provider or in Notion.`,
  };
}

export interface TagCheck {
  /** Tags Notion accepts, in their original order, without duplicates. */
  readonly accepted: readonly string[];
  /** Tags Notion would refuse, each with its reason: reported on the row, never dropped silently. */
  readonly refused: readonly RefusedTag[];
}

export interface RefusedTag {
  readonly tag: string;
  readonly problem: RowProblem;
}

/** Splits tags into those Notion accepts as multi-select options and those it would refuse. */
export function checkTags(tags: readonly string[]): TagCheck {
  const accepted: string[] = [];
  const refused: RefusedTag[] = [];
  for (const tag of new Set(tags)) {
    const problem = tagProblem(tag);
    if (problem) refused.push({ tag, problem });
    else accepted.push(tag);
  }
  return { accepted, refused };
}

export function tagProblem(tag: string): RowProblem | null {
  if (tag.trim() === "") {
    return { code: "tag_empty", column: "tags", message: "A tag is empty. Give it a name or remove it." };
  }
  if (tag.includes(",")) {
    return {
      code: "tag_comma",
      column: "tags",
      message: `Tag "${shorten(tag)}" contains a comma, which Notion does not allow in a tag. Rename it at the link provider (for example with a dash instead of the comma).`,
    };
  }
  if (tag.length > MAX_TAG_LENGTH) {
    return {
      code: "tag_too_long",
      column: "tags",
      message: `Tag "${shorten(tag)}" is ${tag.length} characters long; Notion allows at most 100. Shorten it at the link provider.`,
    };
  }
  return null;
}

function shorten(tag: string): string {
  return tag.length > 40 ? `${tag.slice(0, 37)}...` : tag;
}
