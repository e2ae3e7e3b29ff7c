/** Who made a change, in words (the audit log's and conflicts' `source`), shared by Activity and the inbox. Pure. */
const SOURCE_WORDS: Readonly<Record<string, string>> = {
  zapier: "Zapier",
  desktop: "the Linksync app",
  "shortener-api": "the shortener's API",
  "shortener-ui": "the shortener's dashboard",
  linksync: "Linksync",
  notion: "someone in Notion",
  user: "you",
  unknown: "an unknown source",
};

export function sourceWords(source: string): string {
  return SOURCE_WORDS[source] ?? source;
}
