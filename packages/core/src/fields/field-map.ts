/**
 * The columns Linksync reads and writes, declared once. Every other module takes column names from a `FieldMap`
 * (the user may rename each column per database) and types, owners and defaults from `FIELDS`.
 */

export type FieldRole =
  | "title"
  | "destination"
  | "tags"
  | "shortUrl"
  | "clicks"
  | "qr"
  | "lastSynced"
  | "sync"
  | "linkId"
  | "syncedDestination"
  | "syncError"
  | "conflictAt"
  | "conflictLog";

/** The Notion property types Linksync works with. */
export type NotionPropertyType =
  | "title"
  | "url"
  | "multi_select"
  | "number"
  | "files"
  | "date"
  | "select"
  | "rich_text";

export type FieldOwner = "notion" | "linksync" | "both";

export interface FieldSpec {
  readonly role: FieldRole;
  readonly defaultName: string;
  readonly type: NotionPropertyType;
  readonly owner: FieldOwner;
  /** Optional fields may be left unmapped; required ones must exist (attach mode offers to create Linksync-owned ones). */
  readonly required: boolean;
  /** Linksync's own bookkeeping column (created by attach/create mode, never shown as a user column to map). */
  readonly bookkeeping: boolean;
  /** What the column is for, in one sentence for the field-map screen. */
  readonly purpose: string;
}

export const FIELDS: readonly FieldSpec[] = [
  {
    role: "title",
    defaultName: "Name",
    type: "title",
    owner: "notion",
    required: true,
    bookkeeping: false,
    purpose: "The row's title, read only by Linksync.",
  },
  {
    role: "destination",
    defaultName: "Destination",
    type: "url",
    owner: "notion",
    required: true,
    bookkeeping: false,
    purpose: "Where the short link points; an absolute http(s) URL.",
  },
  {
    role: "tags",
    defaultName: "Tags",
    type: "multi_select",
    owner: "both",
    required: false,
    bookkeeping: false,
    purpose: "Tags merged both ways with the link's tags.",
  },
  {
    role: "shortUrl",
    defaultName: "Short URL",
    type: "url",
    owner: "linksync",
    required: true,
    bookkeeping: false,
    purpose: "The short link Linksync minted for the row.",
  },
  {
    role: "clicks",
    defaultName: "Clicks",
    type: "number",
    owner: "linksync",
    required: true,
    bookkeeping: false,
    purpose: "Total clicks, refreshed every 5 minutes.",
  },
  {
    role: "qr",
    defaultName: "QR",
    type: "files",
    owner: "linksync",
    required: true,
    bookkeeping: false,
    purpose: "A 1024×1024 PNG QR code of the short URL.",
  },
  {
    role: "lastSynced",
    defaultName: "Last Synced",
    type: "date",
    owner: "linksync",
    required: true,
    bookkeeping: false,
    purpose: "UTC time of Linksync's last write to the row.",
  },
  {
    role: "sync",
    defaultName: "Sync",
    type: "select",
    owner: "notion",
    required: false,
    bookkeeping: false,
    purpose: "Draft / Live / Paused: only Live rows sync when mapped.",
  },
  {
    role: "linkId",
    defaultName: "Link ID",
    type: "rich_text",
    owner: "linksync",
    required: true,
    bookkeeping: true,
    purpose: "The link provider's id for the row's link.",
  },
  {
    role: "syncedDestination",
    defaultName: "Synced Destination",
    type: "url",
    owner: "linksync",
    required: true,
    bookkeeping: true,
    purpose: "Destination as of the last sync: the base that tells whose edit is newer.",
  },
  {
    role: "syncError",
    defaultName: "Sync Error",
    type: "rich_text",
    owner: "linksync",
    required: true,
    bookkeeping: true,
    purpose: "Why the row is not synced, empty when it is.",
  },
  {
    role: "conflictAt",
    defaultName: "Conflict At",
    type: "date",
    owner: "linksync",
    required: true,
    bookkeeping: true,
    purpose: "Time of the row's last Destination conflict; the details are in the row's comments.",
  },
  {
    role: "conflictLog",
    defaultName: "Conflict Log",
    type: "rich_text",
    owner: "linksync",
    // Optional: a database attached before it existed keeps syncing; its conflicts are then read from comments only.
    required: false,
    bookkeeping: true,
    purpose:
      "The row's recorded conflicts, newest first: they stay listed after a user resolves the comment.",
  },
];

/** Column name per role, as mapped for one database. Optional roles may be absent. */
export type FieldMap = { readonly [R in FieldRole]: R extends OptionalRole ? string | undefined : string };

export type OptionalRole = "tags" | "sync" | "conflictLog";

export const SYNC_STATES = ["Draft", "Live", "Paused"] as const;
export type SyncState = (typeof SYNC_STATES)[number];

export function fieldSpec(role: FieldRole): FieldSpec {
  const spec = FIELDS.find((f) => f.role === role);
  if (!spec) throw new Error(`Unknown field role "${role}".`);
  return spec;
}

/** The field map with every column at its default name. */
export function defaultFieldMap(): FieldMap {
  const names = Object.fromEntries(FIELDS.map((f) => [f.role, f.defaultName]));
  return names as FieldMap;
}
