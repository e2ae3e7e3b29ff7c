/**
 * The id in what a user pastes: a bare id (dashed or not) or a Notion URL ending in one, with or without a title
 * slug before it and a query (`?v=…`) after it. Anything else is passed through for Notion to judge.
 */
export function notionId(reference: string): string {
  const trimmed = reference.trim();
  const path = trimmed.split(/[?#]/)[0] ?? trimmed;
  const match = /([0-9a-f]{32})$/i.exec(path.replaceAll("-", ""));
  return match?.[1]?.toLowerCase() ?? trimmed;
}
