/**
 * The key a row's link is created with. Derived from the page id alone, so a retry, a crash and replay or a second
 * agent asks the provider for the same link instead of minting another. Page ids are normalised (Notion accepts
 * them with or without dashes) so every surface derives the same key.
 */
export function mintIdempotencyKey(pageId: string): string {
  const hex = pageId.replaceAll("-", "").toLowerCase();
  const id = /^[0-9a-f]{32}$/.test(hex)
    ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    : pageId;
  return `notion-page:${id}`;
}
