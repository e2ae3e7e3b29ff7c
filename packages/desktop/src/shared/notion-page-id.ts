/**
 * The page id in what a user pastes: a Notion link (`https://www.notion.so/Team-Page-<32 hex>?pvs=4`), a bare id,
 * or a dashed UUID. `null` when there is none. Pure.
 */
export function notionPageIdFrom(input: string): string | null {
  const path = URL.canParse(input.trim()) ? new URL(input.trim()).pathname : input.trim();
  const compact = path
    .replaceAll("-", "")
    .match(/([0-9a-f]{32})$/i)?.[1]
    ?.toLowerCase();
  if (!compact) return null;
  return [
    compact.slice(0, 8),
    compact.slice(8, 12),
    compact.slice(12, 16),
    compact.slice(16, 20),
    compact.slice(20),
  ].join("-");
}
