import { bodyFieldError, validationError } from "../errors/api-error";
import { isObject, type JsonObject } from "../properties/json-shape";
import { plainText } from "../properties/rich-text";
import { findProperty, optionsOf } from "../properties/schema";
import type { PropertyConfig, StoredValue } from "../store/types";
import { compareAt, type Instant, parseInstant, RELATIVE_RANGES } from "./dates";
import type { QueryRow, RowPredicate } from "./row";

const TEXT_TYPES = new Set(["title", "rich_text", "url", "email", "phone_number"]);
const MAX_NESTING = 2;

/**
 * Compiles a data source query `filter` into a predicate, validating it the way Notion does
 * (unknown property, wrong condition for the type) before any row is looked at.
 */
export function compileFilter(filter: unknown, schema: readonly PropertyConfig[], now: number): RowPredicate {
  return compileNode(filter, schema, now, "body.filter", 0);
}

function compileNode(
  node: unknown,
  schema: readonly PropertyConfig[],
  now: number,
  path: string,
  depth: number,
): RowPredicate {
  if (!isObject(node)) throw bodyFieldError(path, "should be an object", node);
  for (const combinator of ["and", "or"] as const) {
    const children = node[combinator];
    if (children === undefined) continue;
    if (!Array.isArray(children))
      throw bodyFieldError(`${path}.${combinator}`, "should be an array", children);
    if (depth >= MAX_NESTING)
      throw validationError(`${path} nests compound filters deeper than ${MAX_NESTING} levels.`);
    const predicates = children.map((child, index) =>
      compileNode(child, schema, now, `${path}.${combinator}[${index}]`, depth + 1),
    );
    return combinator === "and"
      ? (row) => predicates.every((predicate) => predicate(row))
      : (row) => predicates.some((predicate) => predicate(row));
  }
  if (node.timestamp !== undefined) return compileTimestamp(node, now, path);
  if (typeof node.property !== "string")
    throw bodyFieldError(`${path}.property`, "should be defined", node.property);
  const property = findProperty(schema, node.property);
  if (!property) throw validationError(`Could not find property with name or id: ${node.property}`);
  return compilePropertyCondition(node, property, now, path);
}

function compileTimestamp(node: JsonObject, now: number, path: string): RowPredicate {
  const timestamp = node.timestamp;
  if (timestamp !== "created_time" && timestamp !== "last_edited_time") {
    throw bodyFieldError(`${path}.timestamp`, "should be `created_time` or `last_edited_time`", timestamp);
  }
  const condition = conditionOf(node, timestamp, path);
  const test = compileDateCondition(condition, now, `${path}.${timestamp}`);
  return timestamp === "created_time" ? (row) => test(row.createdTime) : (row) => test(row.lastEditedTime);
}

function conditionOf(node: JsonObject, key: string, path: string): JsonObject {
  const condition = node[key];
  if (!isObject(condition)) throw bodyFieldError(`${path}.${key}`, "should be defined", condition);
  return condition;
}

function compilePropertyCondition(
  node: JsonObject,
  property: PropertyConfig,
  now: number,
  path: string,
): RowPredicate {
  const id = property.id;
  const value = (row: QueryRow): StoredValue | undefined => row.values[id];
  if (TEXT_TYPES.has(property.type)) {
    const key = property.type in node ? property.type : "rich_text";
    const test = compileTextCondition(conditionOf(node, key, path), `${path}.${key}`);
    return (row) => test(textValue(value(row)));
  }
  switch (property.type) {
    case "number": {
      const test = compileNumberCondition(conditionOf(node, "number", path), `${path}.number`);
      return (row) => {
        const stored = value(row);
        return test(stored?.type === "number" ? stored.number : null);
      };
    }
    case "checkbox": {
      const condition = conditionOf(node, "checkbox", path);
      if (typeof condition.equals === "boolean") {
        const expected = condition.equals;
        return (row) => checked(value(row)) === expected;
      }
      if (typeof condition.does_not_equal === "boolean") {
        const excluded = condition.does_not_equal;
        return (row) => checked(value(row)) !== excluded;
      }
      throw bodyFieldError(`${path}.checkbox.equals`, "should be a boolean", condition.equals);
    }
    case "select":
    case "status": {
      const condition = conditionOf(node, property.type, path);
      const optionId = (name: unknown) => optionsOf(property).find((option) => option.name === name)?.id;
      const current = (row: QueryRow): string | null => {
        const stored = value(row);
        return stored?.type === "select" || stored?.type === "status" ? stored.optionId : null;
      };
      if (typeof condition.equals === "string") {
        const target = optionId(condition.equals);
        return (row) => target !== undefined && current(row) === target;
      }
      if (typeof condition.does_not_equal === "string") {
        const target = optionId(condition.does_not_equal);
        return (row) => current(row) !== target || target === undefined;
      }
      return compileEmptiness(condition, `${path}.${property.type}`, (row) => current(row) === null);
    }
    case "multi_select": {
      const condition = conditionOf(node, "multi_select", path);
      const ids = (row: QueryRow): string[] => {
        const stored = value(row);
        return stored?.type === "multi_select" ? stored.optionIds : [];
      };
      const optionId = (name: unknown) => optionsOf(property).find((option) => option.name === name)?.id;
      if (typeof condition.contains === "string") {
        const target = optionId(condition.contains);
        return (row) => target !== undefined && ids(row).includes(target);
      }
      if (typeof condition.does_not_contain === "string") {
        const target = optionId(condition.does_not_contain);
        return (row) => target === undefined || !ids(row).includes(target);
      }
      return compileEmptiness(condition, `${path}.multi_select`, (row) => ids(row).length === 0);
    }
    case "date": {
      const test = compileDateCondition(conditionOf(node, "date", path), now, `${path}.date`);
      return (row) => {
        const stored = value(row);
        return test(stored?.type === "date" && stored.date ? Date.parse(stored.date.start) : null);
      };
    }
    case "files": {
      const condition = conditionOf(node, "files", path);
      return compileEmptiness(condition, `${path}.files`, (row) => {
        const stored = value(row);
        return stored?.type !== "files" || stored.files.length === 0;
      });
    }
    case "people": {
      const condition = conditionOf(node, "people", path);
      const users = (row: QueryRow): string[] => {
        const stored = value(row);
        return stored?.type === "people" ? stored.userIds : [];
      };
      if (typeof condition.contains === "string") {
        const target = condition.contains;
        return (row) => users(row).includes(target);
      }
      if (typeof condition.does_not_contain === "string") {
        const target = condition.does_not_contain;
        return (row) => !users(row).includes(target);
      }
      return compileEmptiness(condition, `${path}.people`, (row) => users(row).length === 0);
    }
    case "created_time":
    case "last_edited_time": {
      const key = property.type in node ? property.type : "date";
      const test = compileDateCondition(conditionOf(node, key, path), now, `${path}.${key}`);
      return property.type === "created_time"
        ? (row) => test(row.createdTime)
        : (row) => test(row.lastEditedTime);
    }
    default:
      throw validationError(`The sandbox cannot filter on ${property.type} properties ("${property.name}").`);
  }
}

function compileEmptiness(condition: JsonObject, path: string, isEmpty: RowPredicate): RowPredicate {
  if (condition.is_empty === true) return isEmpty;
  if (condition.is_not_empty === true) return (row) => !isEmpty(row);
  throw bodyFieldError(path, "should hold a supported condition", condition);
}

function textValue(stored: StoredValue | undefined): string {
  if (!stored) return "";
  switch (stored.type) {
    case "title":
    case "rich_text":
      return plainText(stored.richText);
    case "url":
    case "email":
    case "phone_number":
      return stored.text ?? "";
    default:
      return "";
  }
}

function checked(stored: StoredValue | undefined): boolean {
  return stored?.type === "checkbox" && stored.checked;
}

function compileTextCondition(condition: JsonObject, path: string): (text: string) => boolean {
  const [operator, operand] = singleCondition(condition, path);
  if (operator === "is_empty") return (text) => text === "";
  if (operator === "is_not_empty") return (text) => text !== "";
  if (typeof operand !== "string") throw bodyFieldError(`${path}.${operator}`, "should be a string", operand);
  const needle = operand.toLowerCase();
  switch (operator) {
    case "equals":
      return (text) => text === operand;
    case "does_not_equal":
      return (text) => text !== operand;
    case "contains":
      return (text) => text.toLowerCase().includes(needle);
    case "does_not_contain":
      return (text) => !text.toLowerCase().includes(needle);
    case "starts_with":
      return (text) => text.toLowerCase().startsWith(needle);
    case "ends_with":
      return (text) => text.toLowerCase().endsWith(needle);
    default:
      throw bodyFieldError(path, "should hold a supported text condition", condition);
  }
}

function compileNumberCondition(condition: JsonObject, path: string): (value: number | null) => boolean {
  const [operator, operand] = singleCondition(condition, path);
  if (operator === "is_empty") return (value) => value === null;
  if (operator === "is_not_empty") return (value) => value !== null;
  if (typeof operand !== "number") throw bodyFieldError(`${path}.${operator}`, "should be a number", operand);
  const compare: Record<string, (value: number) => boolean> = {
    equals: (value) => value === operand,
    does_not_equal: (value) => value !== operand,
    greater_than: (value) => value > operand,
    less_than: (value) => value < operand,
    greater_than_or_equal_to: (value) => value >= operand,
    less_than_or_equal_to: (value) => value <= operand,
  };
  const test = compare[operator];
  if (!test) throw bodyFieldError(path, "should hold a supported number condition", condition);
  return operator === "does_not_equal"
    ? (value) => value === null || test(value)
    : (value) => value !== null && test(value);
}

function compileDateCondition(
  condition: JsonObject,
  now: number,
  path: string,
): (value: number | null) => boolean {
  const [operator, operand] = singleCondition(condition, path);
  if (operator === "is_empty") return (value) => value === null;
  if (operator === "is_not_empty") return (value) => value !== null;
  const relative = RELATIVE_RANGES[operator];
  if (relative) {
    const [from, to] = relative(now);
    return (value) => value !== null && value >= from && value <= to;
  }
  const target: Instant = parseInstant(operand, `${path}.${operator}`);
  const accepts: Record<string, (order: number) => boolean> = {
    equals: (order) => order === 0,
    before: (order) => order < 0,
    after: (order) => order > 0,
    on_or_before: (order) => order <= 0,
    on_or_after: (order) => order >= 0,
  };
  const accept = accepts[operator];
  if (!accept) throw bodyFieldError(path, "should hold a supported date condition", condition);
  return (value) => value !== null && accept(compareAt(value, target));
}

function singleCondition(condition: JsonObject, path: string): [string, unknown] {
  const entries = Object.entries(condition);
  const first = entries[0];
  if (entries.length !== 1 || !first)
    throw bodyFieldError(path, "should hold exactly one condition", condition);
  return first;
}
