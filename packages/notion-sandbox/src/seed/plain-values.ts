import { isObject } from "../properties/json-shape";
import { findProperty } from "../properties/schema";
import type { PropertyConfig } from "../store/types";

/**
 * A value as a test would like to write it: `"Spring sale"`, `"https://a.example"`, `["promo", "q2"]`,
 * `42`, `true`, `"2026-03-01"`, `null`, or Notion's own request shape (passed through unchanged).
 */
export type PlainValue = string | number | boolean | null | string[] | Record<string, unknown>;

/** Turns plain values into Notion property value requests, by each property's type. */
export function toPropertyRequests(
  schema: readonly PropertyConfig[],
  values: Record<string, PlainValue>,
): Record<string, unknown> {
  const requests: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const property = findProperty(schema, key);
    if (!property || (isObject(value) && property.type in value)) {
      requests[key] = value;
      continue;
    }
    requests[key] = { [property.type]: plainRequest(property.type, value) };
  }
  return requests;
}

function plainRequest(type: PropertyConfig["type"], value: PlainValue): unknown {
  switch (type) {
    case "title":
    case "rich_text":
      return value === null ? [] : [{ type: "text", text: { content: String(value) } }];
    case "select":
    case "status":
      return value === null ? null : { name: String(value) };
    case "multi_select":
      return (Array.isArray(value) ? value : value === null ? [] : [String(value)]).map((name) => ({ name }));
    case "date":
      return typeof value === "string" ? { start: value } : value;
    case "people":
      return (Array.isArray(value) ? value : []).map((id) => ({ id }));
    case "files":
      return (Array.isArray(value) ? value : []).map((url) => ({ name: url, external: { url } }));
    default:
      return value;
  }
}
