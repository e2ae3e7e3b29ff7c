import type { PageObjectResponse } from "@notionhq/client";
import {
  type FieldMap,
  type FieldRole,
  fieldSpec,
  type NotionPropertyType,
  SYNC_STATES,
  type SyncState,
} from "../fields/field-map";
import type { Row } from "../rows/row";
import type { RowProblem } from "../validation/row-problem";
import { EMPTY_VALUES, type PlainValues, readProperty } from "./property-values";

/**
 * Decodes a Notion page into a `Row` through the field map. Never throws on odd data: a value that cannot be
 * read is left empty in the row and listed in `row.problems`, so the planner reports it instead of syncing it.
 */
export function decodeRow(page: PageObjectResponse, fieldMap: FieldMap): Row {
  const problems: RowProblem[] = [];
  const read = <R extends FieldRole, T extends NotionPropertyType>(role: R, type: T): PlainValues[T] => {
    const name = fieldMap[role];
    if (name === undefined) return EMPTY_VALUES[type];
    const result = readProperty(page.properties, name, type);
    if (result.ok) return result.value;
    problems.push(readProblem(role, name, type, result.reason, result.found));
    return EMPTY_VALUES[type];
  };

  const syncName = read("sync", "select");
  return {
    pageId: page.id,
    url: page.url,
    title: read("title", "title"),
    destination: read("destination", "url"),
    tags: read("tags", "multi_select"),
    shortUrl: read("shortUrl", "url"),
    clicks: read("clicks", "number"),
    qrFileName: read("qr", "files"),
    lastSynced: read("lastSynced", "date"),
    sync: syncName === null ? null : toSyncState(syncName),
    linkId: read("linkId", "rich_text"),
    syncedDestination: read("syncedDestination", "url"),
    syncError: read("syncError", "rich_text"),
    conflictAt: read("conflictAt", "date"),
    inTrash: page.in_trash === true || page.archived === true,
    lastEditedTime: page.last_edited_time,
    problems,
  };
}

function toSyncState(name: string): SyncState | { readonly unknown: string } {
  return (SYNC_STATES as readonly string[]).includes(name) ? (name as SyncState) : { unknown: name };
}

function readProblem(
  role: FieldRole,
  name: string,
  type: NotionPropertyType,
  reason: "missing" | "wrong_type" | "malformed",
  found: string | undefined,
): RowProblem {
  const label = fieldSpec(role).defaultName;
  switch (reason) {
    case "missing":
      return {
        code: "column_missing",
        column: role,
        message: `The ${label} column "${name}" is missing from this row: it was renamed or deleted in Notion. Rename it back, or map another column.`,
      };
    case "wrong_type":
      return {
        code: "value_malformed",
        column: role,
        message: `The ${label} column "${name}" is ${found} in this row, not ${type}. Change its type back in Notion, or map another column.`,
      };
    case "malformed":
      return {
        code: "value_malformed",
        column: role,
        message: `Notion returned an unreadable ${label} value in "${name}". Linksync left the row untouched; edit the cell, or report it if it persists.`,
      };
  }
}
