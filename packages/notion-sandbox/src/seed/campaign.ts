import type { SandboxServices } from "../server/services";
import type { PlainValue } from "./plain-values";
import { seedWorkspace } from "./workspace-seed";

export interface CampaignOptions {
  /** Number of rows (default 200). */
  rows?: number;
  /** Database title (default "Spring Campaign"). */
  title?: string;
}

/** One seeded row, so tests can pick rows by what they hold without querying first. */
export interface CampaignRow {
  pageId: string;
  title: string;
  destination: string | null;
  tags: string[];
  channel: string;
  shortUrl: string | null;
  sync: "Draft" | "Live" | "Paused";
  /** True when Destination is not an absolute http(s) URL (or is empty). */
  badDestination: boolean;
}

export interface CampaignSeed {
  token: string;
  tokenId: string;
  botUserId: string;
  /** The person who "wrote" the rows; edits made with `editPageAsPerson` default to them. */
  personId: string;
  parentPageId: string;
  databaseId: string;
  dataSourceId: string;
  pageIds: string[];
  rows: CampaignRow[];
}

export const CAMPAIGN_PROPERTIES = {
  Name: { title: {} },
  Destination: { url: {} },
  Tags: {
    multi_select: {
      options: ["spring", "sale", "newsletter", "social", "partner", "launch", "evergreen"].map((name) => ({
        name,
      })),
    },
  },
  Channel: {
    select: { options: ["Email", "Instagram", "LinkedIn", "X", "Blog", "Podcast"].map((name) => ({ name })) },
  },
  "Short URL": { url: {} },
  Sync: {
    select: {
      options: [
        { name: "Draft", color: "gray" },
        { name: "Live", color: "green" },
        { name: "Paused", color: "yellow" },
      ],
    },
  },
} as const;

const PRODUCTS = [
  "Trail Runner",
  "Rain Shell",
  "Picnic Set",
  "Garden Kit",
  "Bike Light",
  "Linen Shirt",
  "Sun Hat",
  "Yoga Mat",
];
const ANGLES = [
  "launch post",
  "early-bird offer",
  "newsletter feature",
  "partner spotlight",
  "how-to guide",
  "last call",
];
const HOSTS = [
  "https://shop.example.com",
  "https://blog.example.com",
  "https://www.example.org",
  "https://events.example.net",
];
const CHANNELS = ["Email", "Instagram", "LinkedIn", "X", "Blog", "Podcast"];
const TAGS = ["spring", "sale", "newsletter", "social", "partner", "launch", "evergreen"];
/** Values Notion's url property stores happily but that Linksync must refuse to shorten. */
const BAD_DESTINATIONS = [
  "not a url",
  "javascript:alert(1)",
  "ftp://x",
  "data:text/html,<b>hi</b>",
  "www.example.com/no-scheme",
];

/** Seeds the demo's "Spring Campaign" database: realistic, deterministic rows with a few traps. */
export function seedCampaign(services: SandboxServices, options: CampaignOptions = {}): CampaignSeed {
  const count = options.rows ?? 200;
  const title = options.title ?? "Spring Campaign";
  const rows = Array.from({ length: count }, (_, index) => campaignRow(index));
  const result = seedWorkspace(services, {
    integration: { name: "Linksync" },
    people: [{ name: "Maya Marketing", email: "maya@example.com" }],
    pages: [{ title: "Marketing HQ" }],
    databases: [
      {
        title,
        parentPage: "Marketing HQ",
        properties: CAMPAIGN_PROPERTIES,
        rows: rows.map(
          (row): Record<string, PlainValue> => ({
            Name: row.title,
            Destination: row.destination,
            Tags: row.tags,
            Channel: row.channel,
            "Short URL": row.shortUrl,
            Sync: row.sync,
          }),
        ),
      },
    ],
  });
  const database = result.databases[title];
  const parentPageId = result.pageIds["Marketing HQ"];
  const personId = result.personIds["Maya Marketing"];
  if (!database || !parentPageId || !personId) throw new Error("Campaign seed did not create its database.");
  return {
    token: result.token,
    tokenId: result.tokenId,
    botUserId: result.botUserId,
    personId,
    parentPageId,
    databaseId: database.databaseId,
    dataSourceId: database.dataSourceId,
    pageIds: database.pageIds,
    rows: rows.map((row, index) => ({ ...row, pageId: database.pageIds[index] ?? "" })),
  };
}

function pick<T>(list: readonly T[], index: number): T {
  const value = list[index % list.length];
  if (value === undefined) throw new Error("pick() needs a non-empty list.");
  return value;
}

function campaignRow(index: number): Omit<CampaignRow, "pageId"> {
  const product = pick(PRODUCTS, index);
  const angle = pick(ANGLES, Math.floor(index / PRODUCTS.length));
  const channel = pick(CHANNELS, index * 7 + 3);
  const slug = `${product}-${angle}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const isBad = index % 37 === 11;
  const isEmpty = index % 53 === 20;
  let destination: string | null = `${pick(HOSTS, index * 3)}/${slug}`;
  if (index % 3 === 0) {
    destination += `?utm_source=${channel.toLowerCase()}&utm_medium=${index % 2 === 0 ? "social" : "email"}&utm_campaign=spring-${2026}`;
  }
  if (isBad) destination = pick(BAD_DESTINATIONS, Math.floor(index / 37));
  if (isEmpty) destination = null;
  const sync: CampaignRow["sync"] = index % 23 === 5 ? "Draft" : index % 41 === 17 ? "Paused" : "Live";
  const tags = [pick(TAGS, index), pick(TAGS, index * 5 + 2)].filter(
    (tag, position, all) => all.indexOf(tag) === position,
  );
  return {
    title: `${product} — ${angle} #${index + 1}`,
    destination,
    tags,
    channel,
    shortUrl: index % 31 === 4 ? `https://lnk.example/${slug.slice(0, 6)}${index}` : null,
    sync,
    badDestination: destination === null || !/^https?:\/\//.test(destination),
  };
}
