/** Only web pages and Notion's own links may leave the app for the system; never file:, javascript: or custom schemes. */
export function isAllowedExternalUrl(raw: string): boolean {
  if (!URL.canParse(raw)) return false;
  const { protocol } = new URL(raw);
  return protocol === "https:" || protocol === "http:" || protocol === "notion:";
}
