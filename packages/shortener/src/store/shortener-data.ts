import type { ClickTally, LinkRecord, UtmTemplateRecord } from "./store";

/** The whole content of the shortener's JSON data file. */
export interface ShortenerData {
  readonly format: 1;
  lastChangeSeq: number;
  readonly links: Record<string, LinkRecord>;
  readonly clicks: Record<string, ClickTally>;
  utmTemplates: UtmTemplateRecord[];
}

export function emptyShortenerData(): ShortenerData {
  return { format: 1, lastChangeSeq: 0, links: {}, clicks: {}, utmTemplates: [] };
}

/** Checks the shape of a data file read from disk, so a foreign or hand-broken file is refused at start. */
export function parseShortenerData(raw: unknown, source: string): ShortenerData {
  const refuse = (why: string): never => {
    throw new Error(
      `${source} is not a Linksync shortener data file (${why}). Point dataFile at another path.`,
    );
  };
  if (!isRecord(raw)) return refuse("not a JSON object");
  if (raw.format !== 1) return refuse(`unknown format ${JSON.stringify(raw.format)}`);
  if (typeof raw.lastChangeSeq !== "number") return refuse("lastChangeSeq is missing");
  if (!isRecord(raw.links) || !isRecord(raw.clicks) || !Array.isArray(raw.utmTemplates)) {
    return refuse("links, clicks or utmTemplates is missing");
  }
  for (const link of Object.values(raw.links)) {
    if (!isLinkRecord(link))
      return refuse(`a link entry is malformed: ${JSON.stringify(link).slice(0, 200)}`);
  }
  return raw as unknown as ShortenerData;
}

function isLinkRecord(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.id === "string" &&
    typeof value.slug === "string" &&
    typeof value.destination === "string" &&
    Array.isArray(value.tags) &&
    typeof value.version === "number" &&
    typeof value.changeSeq === "number"
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
