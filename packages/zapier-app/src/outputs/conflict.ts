import type { ConflictEvent } from "@linksync/core";
import type { PlainOutputField } from "zapier-platform-core";

/** One Destination conflict, whichever agent found it. `id` is the conflict's ref, shared by every agent. */
export type ConflictOutput = {
  readonly id: string;
  readonly title: string;
  readonly field: "destination";
  readonly winner: "notion";
  readonly keptValue: string;
  readonly droppedValue: string;
  readonly droppedSource: string;
  /** ISO-8601 UTC. */
  readonly at: string;
  readonly linkId: string;
  readonly notionPageId: string;
  readonly notionPageUrl: string;
};

export function toConflictOutput(conflict: ConflictEvent): ConflictOutput {
  return {
    id: conflict.conflictId,
    title: conflict.title,
    field: conflict.field,
    winner: conflict.winner,
    keptValue: conflict.kept,
    droppedValue: conflict.dropped,
    droppedSource: conflict.droppedSource,
    at: conflict.at,
    linkId: conflict.linkId,
    notionPageId: conflict.pageId,
    notionPageUrl: conflict.pageUrl,
  };
}

export const conflictOutputFields = [
  { key: "id", label: "Conflict ID", type: "string" },
  { key: "title", label: "Row Title", type: "string" },
  { key: "field", label: "Field", type: "string" },
  { key: "winner", label: "Winner", type: "string" },
  { key: "keptValue", label: "Kept Value", type: "string" },
  { key: "droppedValue", label: "Dropped Value", type: "string" },
  { key: "droppedSource", label: "Dropped Write Source", type: "string" },
  { key: "at", label: "Conflict Time", type: "datetime" },
  { key: "linkId", label: "Link ID", type: "string" },
  { key: "notionPageId", label: "Notion Page ID", type: "string" },
  { key: "notionPageUrl", label: "Notion Page URL", type: "string" },
] satisfies PlainOutputField[];

export const conflictSample: ConflictOutput = {
  id: "c_3f9a1b2c4d5e",
  title: "Spring sale",
  field: "destination",
  winner: "notion",
  keptValue: "https://shop.example.com/spring",
  droppedValue: "https://shop.example.com/spring-old",
  droppedSource: "zapier",
  at: "2026-03-01T14:02:30.000Z",
  linkId: "lnk_7Kp2x9",
  notionPageId: "2f1c0a52-9a8e-4a55-9a3e-5b0c8f1e7d21",
  notionPageUrl: "https://www.notion.so/Spring-sale-2f1c0a529a8e4a559a3e5b0c8f1e7d21",
};
