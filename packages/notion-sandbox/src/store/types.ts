import type { DataSourceObjectResponse, RichTextItemResponse } from "@notionhq/client";

export type RichText = RichTextItemResponse[];
/** A property's schema entry exactly as Notion returns it on a data source. */
export type PropertyConfig = DataSourceObjectResponse["properties"][string];
export type PropertyType = PropertyConfig["type"];
export type SelectOption = { id: string; name: string; color: SelectColorName; description: string | null };
export type SelectColorName =
  | "default"
  | "gray"
  | "brown"
  | "orange"
  | "yellow"
  | "green"
  | "blue"
  | "purple"
  | "pink"
  | "red";

export interface UserRecord {
  id: string;
  name: string;
  kind: "person" | "bot";
  email: string | null;
}

export type Capability =
  | "read_content"
  | "update_content"
  | "insert_content"
  | "read_comments"
  | "insert_comments";
export const ALL_CAPABILITIES: readonly Capability[] = [
  "read_content",
  "update_content",
  "insert_content",
  "read_comments",
  "insert_comments",
];

/** What a token may see: the whole workspace, or the pages/databases/data sources it was granted (and their children). */
export type Grant = { kind: "workspace" } | { kind: "objects"; ids: string[] };

/** Tokens are kept as SHA-256 hashes only, so neither memory dumps nor the persistence file hold a usable secret. */
export interface TokenRecord {
  tokenId: string;
  tokenHash: string;
  botUserId: string;
  revokedAt: number | null;
  capabilities: Capability[];
  grant: Grant;
}

export interface DateValue {
  start: string;
  end: string | null;
  time_zone: string | null;
}

export type StoredFile =
  | { name: string; kind: "external"; url: string }
  | { name: string; kind: "upload"; uploadId: string };

/** A page property value as the sandbox keeps it: references (option ids, upload ids), not rendered JSON. */
export type StoredValue =
  | { type: "title"; richText: RichText }
  | { type: "rich_text"; richText: RichText }
  | { type: "number"; number: number | null }
  | { type: "select"; optionId: string | null }
  | { type: "status"; optionId: string | null }
  | { type: "multi_select"; optionIds: string[] }
  | { type: "date"; date: DateValue | null }
  | { type: "checkbox"; checked: boolean }
  | { type: "url"; text: string | null }
  | { type: "email"; text: string | null }
  | { type: "phone_number"; text: string | null }
  | { type: "files"; files: StoredFile[] }
  | { type: "people"; userIds: string[] };

export type StoredValueType = StoredValue["type"];
/** Values keyed by property id; a missing key is an empty value. */
export type StoredValues = Record<string, StoredValue>;

export interface PageState {
  values: StoredValues;
  inTrash: boolean;
  lastEditedTime: number;
  lastEditedBy: string;
  /** When query filters start to see this state (eventual consistency). */
  visibleAt: number;
}

export type PageParent =
  | { type: "data_source"; dataSourceId: string; databaseId: string }
  | { type: "page"; pageId: string }
  | { type: "workspace" };

export interface PageRecord {
  id: string;
  parent: PageParent;
  createdTime: number;
  createdBy: string;
  uniqueNumber: number;
  state: PageState;
  /** Older states still visible to query filters until `state.visibleAt`. */
  earlierStates: PageState[];
  /** Set on a data source's template pages: they are not rows (queries never list them). */
  template?: { name: string; isDefault: boolean };
}

export interface DataSourceRecord {
  id: string;
  databaseId: string;
  title: RichText;
  description: RichText;
  properties: PropertyConfig[];
  createdTime: number;
  createdBy: string;
  lastEditedTime: number;
  lastEditedBy: string;
  inTrash: boolean;
  nextUniqueNumber: number;
}

export type DatabaseParent = { type: "page"; pageId: string } | { type: "workspace" };

export interface DatabaseRecord {
  id: string;
  parent: DatabaseParent;
  title: RichText;
  description: RichText;
  isInline: boolean;
  createdTime: number;
  lastEditedTime: number;
  dataSourceIds: string[];
  inTrash: boolean;
}

export interface CommentRecord {
  id: string;
  pageId: string;
  discussionId: string;
  createdTime: number;
  createdBy: string;
  richText: RichText;
  /** File uploads attached to the comment (Notion allows three). */
  attachments?: string[];
  /** `display_name.custom.name` when the integration posted under a custom name. */
  customName?: string;
}

/** The block types the sandbox stores; others answer `validation_error`. */
export const BLOCK_TYPES = [
  "paragraph",
  "heading_1",
  "heading_2",
  "heading_3",
  "bulleted_list_item",
  "numbered_list_item",
  "quote",
  "to_do",
  "toggle",
  "callout",
  "divider",
  "code",
  "bookmark",
  "image",
  "equation",
] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

export interface BlockRecord {
  id: string;
  /** A page or another block. */
  parent: { type: "page_id"; id: string } | { type: "block_id"; id: string };
  /** The page the block lives on, however deep: access and "archived" checks go through it. */
  pageId: string;
  type: BlockType;
  /** The type's object as Notion returns it (`{ rich_text, color }`, `{ url, caption }`, ...). */
  content: Record<string, unknown>;
  createdTime: number;
  createdBy: string;
  lastEditedTime: number;
  lastEditedBy: string;
  inTrash: boolean;
}

export type FileUploadStatus = "pending" | "uploaded" | "expired" | "failed";

export interface FileUploadRecord {
  id: string;
  filename: string | null;
  contentType: string | null;
  contentLength: number | null;
  status: FileUploadStatus;
  createdTime: number;
  lastEditedTime: number;
  expiryTime: number;
  createdBy: string;
  attached: boolean;
  dataBase64: string | null;
  /** `external_url` mode: the URL Notion imports the file from (no bytes are sent). */
  externalUrl?: string;
  /** `external_url` mode, once the import is over; its time is `lastEditedTime`. */
  importResult?: FileImportResult;
}

export type FileImportResult =
  | { type: "success" }
  | {
      type: "error";
      error: {
        type: "validation_error" | "download_error";
        code: string;
        message: string;
        parameter: string | null;
        status_code: number | null;
      };
    };

export interface WorkspaceInfo {
  id: string;
  name: string;
}

/** Everything the sandbox knows, as plain JSON (what persistence writes and seeding reads). */
export interface WorkspaceSnapshot {
  version: 1;
  workspace: WorkspaceInfo;
  users: UserRecord[];
  tokens: TokenRecord[];
  databases: DatabaseRecord[];
  dataSources: DataSourceRecord[];
  pages: PageRecord[];
  comments: CommentRecord[];
  fileUploads: FileUploadRecord[];
  /** Discussions a person resolved: the comment listing leaves them out. */
  resolvedDiscussions?: string[];
  blocks?: BlockRecord[];
  /** Child block ids per page or block, in order. */
  blockChildren?: Record<string, string[]>;
}
