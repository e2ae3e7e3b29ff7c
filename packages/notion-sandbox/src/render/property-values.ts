import type { PageObjectResponse } from "@notionhq/client";
import { toMinuteIso } from "../clock/clock";
import { optionsOf } from "../properties/schema";
import type { PageRecord, PageState, PropertyConfig, SelectOption, StoredValue } from "../store/types";
import type { RenderContext } from "./context";
import { partialUser, renderUser } from "./users";

export type PagePropertyValue = PageObjectResponse["properties"][string];

/** Renders one property of a page: stored values, or values Notion computes (times, authors, unique ids). */
export function renderPropertyValue(
  config: PropertyConfig,
  page: PageRecord,
  state: PageState,
  context: RenderContext,
): PagePropertyValue {
  const stored = state.values[config.id];
  const id = config.id;
  const user = (userId: string) => {
    const record = context.store.users.get(userId);
    return record ? renderUser(record) : partialUser(userId);
  };
  switch (config.type) {
    case "title":
      return { id, type: "title", title: stored?.type === "title" ? stored.richText : [] };
    case "rich_text":
      return { id, type: "rich_text", rich_text: stored?.type === "rich_text" ? stored.richText : [] };
    case "number":
      return { id, type: "number", number: stored?.type === "number" ? stored.number : null };
    case "checkbox":
      return { id, type: "checkbox", checkbox: stored?.type === "checkbox" ? stored.checked : false };
    case "url":
      return { id, type: "url", url: textOf(stored, "url") };
    case "email":
      return { id, type: "email", email: textOf(stored, "email") };
    case "phone_number":
      return { id, type: "phone_number", phone_number: textOf(stored, "phone_number") };
    case "date":
      return { id, type: "date", date: stored?.type === "date" ? stored.date : null };
    case "select": {
      const option = stored?.type === "select" ? optionById(config, stored.optionId) : null;
      return { id, type: "select", select: option };
    }
    case "status": {
      const option = stored?.type === "status" ? optionById(config, stored.optionId) : null;
      return { id, type: "status", status: option };
    }
    case "multi_select": {
      const ids = stored?.type === "multi_select" ? stored.optionIds : [];
      const options = ids.flatMap((optionId) => optionById(config, optionId) ?? []);
      return { id, type: "multi_select", multi_select: options };
    }
    case "people":
      return { id, type: "people", people: stored?.type === "people" ? stored.userIds.map(user) : [] };
    case "files":
      return {
        id,
        type: "files",
        files:
          stored?.type === "files"
            ? stored.files.map((file) =>
                file.kind === "external"
                  ? { name: file.name, type: "external" as const, external: { url: file.url } }
                  : { name: file.name, type: "file" as const, file: context.fileLink(file.uploadId) },
              )
            : [],
      };
    case "created_time":
      return { id, type: "created_time", created_time: toMinuteIso(page.createdTime) };
    case "last_edited_time":
      return { id, type: "last_edited_time", last_edited_time: toMinuteIso(state.lastEditedTime) };
    case "created_by":
      return { id, type: "created_by", created_by: user(page.createdBy) };
    case "last_edited_by":
      return { id, type: "last_edited_by", last_edited_by: user(state.lastEditedBy) };
    case "unique_id":
      return {
        id,
        type: "unique_id",
        unique_id: { prefix: config.unique_id.prefix, number: page.uniqueNumber },
      };
    default:
      return { id, type: "rich_text", rich_text: [] };
  }
}

function textOf(stored: StoredValue | undefined, type: "url" | "email" | "phone_number"): string | null {
  return stored?.type === type ? stored.text : null;
}

function optionById(
  config: PropertyConfig,
  optionId: string | null,
): Omit<SelectOption, "description"> | null {
  if (optionId === null) return null;
  const option = optionsOf(config).find((candidate) => candidate.id === optionId);
  return option ? { id: option.id, name: option.name, color: option.color } : null;
}
