import { bodyFieldError, validationError } from "../errors/api-error";
import { isObject } from "../properties/json-shape";
import { plainText } from "../properties/rich-text";
import { findProperty, optionsOf } from "../properties/schema";
import type { PropertyConfig, StoredValue } from "../store/types";
import type { QueryRow } from "./row";

type SortKey = string | number | boolean | null;

/**
 * A compiled `sorts`: `keysOf` extracts a row's sort keys once, `compare` orders two key lists.
 * Empty values sort last whatever the direction, as in Notion.
 */
export interface CompiledSort {
  keysOf(row: QueryRow): SortKey[];
  compare(a: readonly SortKey[], b: readonly SortKey[]): number;
}

export function compileSorts(sorts: unknown, schema: readonly PropertyConfig[]): CompiledSort | undefined {
  if (sorts === undefined) return undefined;
  if (!Array.isArray(sorts)) throw bodyFieldError("body.sorts", "should be an array", sorts);
  if (sorts.length === 0) return undefined;
  const keys = sorts.map((sort, index) => compileKey(sort, schema, `body.sorts[${index}]`));
  return {
    keysOf: (row) => keys.map(({ extract }) => extract(row)),
    compare(a, b) {
      for (const [index, { direction }] of keys.entries()) {
        const order = compareKeys(a[index] ?? null, b[index] ?? null, direction);
        if (order !== 0) return order;
      }
      return 0;
    },
  };
}

/** Sorts rows by a compiled sort, extracting each row's keys only once. */
export function sortRows<T>(items: readonly T[], rowOf: (item: T) => QueryRow, sort: CompiledSort): T[] {
  return items
    .map((item) => ({ item, keys: sort.keysOf(rowOf(item)) }))
    .sort((a, b) => sort.compare(a.keys, b.keys))
    .map((entry) => entry.item);
}

function compileKey(
  sort: unknown,
  schema: readonly PropertyConfig[],
  path: string,
): { extract: (row: QueryRow) => SortKey; direction: 1 | -1 } {
  if (!isObject(sort)) throw bodyFieldError(path, "should be an object", sort);
  if (sort.direction !== "ascending" && sort.direction !== "descending") {
    throw bodyFieldError(`${path}.direction`, "should be `ascending` or `descending`", sort.direction);
  }
  const direction = sort.direction === "ascending" ? 1 : -1;
  if (sort.timestamp === "created_time") return { extract: (row) => row.createdTime, direction };
  if (sort.timestamp === "last_edited_time") return { extract: (row) => row.lastEditedTime, direction };
  if (typeof sort.property !== "string")
    throw bodyFieldError(`${path}.property`, "should be defined", sort.property);
  const property = findProperty(schema, sort.property);
  if (!property) throw validationError(`Could not find sort property with name or id: ${sort.property}`);
  if (property.type === "created_time") return { extract: (row) => row.createdTime, direction };
  if (property.type === "last_edited_time") return { extract: (row) => row.lastEditedTime, direction };
  const options = optionsOf(property);
  // Select-like values sort by the option's position in the schema, as Notion's UI does.
  const optionRank = (optionId: string | null) =>
    optionId === null ? null : options.findIndex((option) => option.id === optionId);
  return { extract: (row) => sortKeyOf(row.values[property.id], optionRank), direction };
}

function sortKeyOf(
  stored: StoredValue | undefined,
  optionRank: (id: string | null) => number | null,
): SortKey {
  if (!stored) return null;
  switch (stored.type) {
    case "title":
    case "rich_text": {
      const text = plainText(stored.richText);
      return text === "" ? null : text.toLowerCase();
    }
    case "url":
    case "email":
    case "phone_number":
      return stored.text === null || stored.text === "" ? null : stored.text.toLowerCase();
    case "number":
      return stored.number;
    case "checkbox":
      return stored.checked;
    case "date":
      return stored.date ? Date.parse(stored.date.start) : null;
    case "select":
    case "status":
      return optionRank(stored.optionId);
    case "multi_select":
      return stored.optionIds.length === 0 ? null : optionRank(stored.optionIds[0] ?? null);
    case "files":
      return stored.files.length === 0 ? null : (stored.files[0]?.name.toLowerCase() ?? null);
    case "people":
      return stored.userIds[0] ?? null;
  }
}

function compareKeys(a: SortKey, b: SortKey, direction: 1 | -1): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a < b ? -1 : 1) * direction;
}
