import type { NotionPropertyType } from "../fields/field-map";

/**
 * Reads one Notion property value of a known type into plain data. Values are checked at run time: a response
 * that does not match its declared shape is reported as malformed, never read as empty.
 */
export interface PlainValues {
  readonly title: string;
  readonly rich_text: string | null;
  readonly url: string | null;
  readonly number: number | null;
  readonly multi_select: readonly string[];
  readonly select: string | null;
  readonly date: string | null;
  /** The first file's name. */
  readonly files: string | null;
}

export type ReadResult<T extends NotionPropertyType> =
  | { readonly ok: true; readonly value: PlainValues[T] }
  | { readonly ok: false; readonly reason: "missing" | "wrong_type" | "malformed"; readonly found?: string };

/** The value used in place of one that could not be read. */
export const EMPTY_VALUES: PlainValues = {
  title: "",
  rich_text: null,
  url: null,
  number: null,
  multi_select: [],
  select: null,
  date: null,
  files: null,
};

type Reader<T extends NotionPropertyType> = (value: unknown) => PlainValues[T] | Malformed;

const MALFORMED = Symbol("malformed");
type Malformed = typeof MALFORMED;

const readers: { readonly [T in NotionPropertyType]: Reader<T> } = {
  title: (value) => {
    const text = joinRichText(value);
    return text === MALFORMED ? text : (text ?? "");
  },
  rich_text: joinRichText,
  url: (value) => (value === null || typeof value === "string" ? value : MALFORMED),
  number: (value) =>
    value === null || (typeof value === "number" && Number.isFinite(value)) ? value : MALFORMED,
  multi_select: (value) => {
    if (!Array.isArray(value)) return MALFORMED;
    const names = value.map(optionName);
    return names.every((n): n is string => typeof n === "string") ? names : MALFORMED;
  },
  select: (value) => {
    if (value === null) return null;
    const name = optionName(value);
    return typeof name === "string" ? name : MALFORMED;
  },
  date: (value) => {
    if (value === null) return null;
    const start = isRecord(value) ? value.start : undefined;
    return typeof start === "string" && !Number.isNaN(Date.parse(start)) ? start : MALFORMED;
  },
  files: (value) => {
    if (!Array.isArray(value)) return MALFORMED;
    if (value.length === 0) return null;
    const name = isRecord(value[0]) ? value[0].name : undefined;
    return typeof name === "string" ? name : MALFORMED;
  },
};

/** Reads `properties[name]` expecting a property of `type`. */
export function readProperty<T extends NotionPropertyType>(
  properties: unknown,
  key: string,
  type: T,
): ReadResult<T> {
  const property = isRecord(properties) ? propertyByKey(properties, key) : undefined;
  if (property === undefined) return { ok: false, reason: "missing" };
  if (!isRecord(property)) return { ok: false, reason: "malformed" };
  if (property.type !== type) {
    return {
      ok: false,
      reason: "wrong_type",
      found: typeof property.type === "string" ? property.type : "unknown",
    };
  }
  if (!(type in property)) return { ok: false, reason: "malformed" };
  const value = (readers[type] as Reader<T>)(property[type]);
  return value === MALFORMED ? { ok: false, reason: "malformed" } : { ok: true, value };
}

/**
 * A page's properties are keyed by name and each carries its id: `key` is either. The id is tried first, because
 * the engine addresses columns by id (a rename changes the name only).
 */
function propertyByKey(properties: Record<string, unknown>, key: string): unknown {
  for (const property of Object.values(properties)) {
    if (isRecord(property) && property.id === key) return property;
  }
  return properties[key];
}

/** Multi-part rich text (Notion splits long text and mentions into parts) joined; empty is `null`. */
function joinRichText(value: unknown): string | null | Malformed {
  if (!Array.isArray(value)) return MALFORMED;
  let text = "";
  for (const part of value) {
    const plain = isRecord(part) ? part.plain_text : undefined;
    if (typeof plain !== "string") return MALFORMED;
    text += plain;
  }
  return text === "" ? null : text;
}

function optionName(value: unknown): unknown {
  return isRecord(value) ? value.name : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
