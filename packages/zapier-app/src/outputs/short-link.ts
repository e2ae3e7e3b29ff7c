import type { Row } from "@linksync/core";
import type { PlainOutputField } from "zapier-platform-core";

/** A linked Notion row as every Zapier step returns it. `id` is the link's id: stable for the link's lifetime. */
export type ShortLinkOutput = {
  readonly id: string;
  readonly title: string;
  readonly destination: string | null;
  readonly shortUrl: string | null;
  readonly qrUrl: string | null;
  readonly tags: readonly string[];
  readonly clicks: number | null;
  readonly notionPageId: string;
  readonly notionPageUrl: string;
  /** ISO-8601 UTC. */
  readonly lastSynced: string | null;
};

export function toShortLinkOutput(row: Row, qrUrl: (shortUrl: string) => string | null): ShortLinkOutput {
  return {
    id: row.linkId ?? "",
    title: row.title,
    destination: row.destination,
    shortUrl: row.shortUrl,
    qrUrl: row.shortUrl ? qrUrl(row.shortUrl) : null,
    tags: row.tags,
    clicks: row.clicks,
    notionPageId: row.pageId,
    notionPageUrl: row.url,
    lastSynced: row.lastSynced,
  };
}

export const shortLinkOutputFields = [
  { key: "id", label: "Link ID", type: "string" },
  { key: "title", label: "Title", type: "string" },
  { key: "destination", label: "Destination", type: "string" },
  { key: "shortUrl", label: "Short URL", type: "string" },
  { key: "qrUrl", label: "QR Code URL", type: "string" },
  { key: "tags", label: "Tags", type: "string", list: true },
  { key: "clicks", label: "Clicks", type: "integer" },
  { key: "notionPageId", label: "Notion Page ID", type: "string" },
  { key: "notionPageUrl", label: "Notion Page URL", type: "string" },
  { key: "lastSynced", label: "Last Synced", type: "datetime" },
] satisfies PlainOutputField[];

export const shortLinkSample: ShortLinkOutput = {
  id: "lnk_7Kp2x9",
  title: "Spring sale",
  destination: "https://shop.example.com/spring",
  shortUrl: "https://go.example.com/x7Kp2",
  qrUrl: "https://go.example.com/x7Kp2.png",
  tags: ["spring", "sale"],
  clicks: 0,
  notionPageId: "2f1c0a52-9a8e-4a55-9a3e-5b0c8f1e7d21",
  notionPageUrl: "https://www.notion.so/Spring-sale-2f1c0a529a8e4a559a3e5b0c8f1e7d21",
  lastSynced: "2026-03-01T14:02:30.000Z",
};
