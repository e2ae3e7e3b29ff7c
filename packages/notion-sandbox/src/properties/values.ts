import { bodyFieldError, validationError } from "../errors/api-error";
import type {
  DateValue,
  FileUploadRecord,
  PropertyConfig,
  SelectOption,
  StoredFile,
  StoredValue,
  StoredValues,
} from "../store/types";
import { isObject } from "./json-shape";
import { parseRichText } from "./rich-text";
import { findProperty, isSelectColor, newOption, optionsOf } from "./schema";

/**
 * How strict a url property is. Real Notion stores any non-empty string ("notion");
 * "http" refuses anything that is not an absolute http(s) URL, for tests that want the stricter rule.
 */
export type UrlPolicy = "notion" | "http";

export interface ValueContext {
  schema: readonly PropertyConfig[];
  urlPolicy: UrlPolicy;
  userExists(id: string): boolean;
  fileUpload(id: string): FileUploadRecord | undefined;
  /** The upload id behind a URL the sandbox itself served, so a page's files can be sent back unchanged. */
  uploadIdFromUrl(url: string): string | undefined;
}

export interface ParsedValues {
  values: StoredValues;
  /** The schema with select options Notion would have created on the fly, when any were. */
  schema?: PropertyConfig[];
}

const MAX_URL_LENGTH = 2000;
/** Notion takes at most 100 options in one multi_select value. */
const MAX_MULTI_SELECT_OPTIONS = 100;
const MAX_SHORT_TEXT = 200;
const READ_ONLY = new Set(["created_time", "created_by", "last_edited_time", "last_edited_by", "unique_id"]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Validates a page's `properties` request against the schema and turns it into stored values. */
export function parsePropertyValues(
  input: unknown,
  context: ValueContext,
  path = "body.properties",
): ParsedValues {
  if (!isObject(input)) throw bodyFieldError(path, "should be an object", input);
  let schema = [...context.schema];
  let schemaChanged = false;
  const values: StoredValues = {};
  for (const [key, request] of Object.entries(input)) {
    const property = findProperty(schema, key);
    if (!property) throw validationError(`${key} is not a property that exists.`);
    if (READ_ONLY.has(property.type)) {
      throw validationError(`${property.name} is a ${property.type} property, which is read only.`);
    }
    const fieldPath = `${path}.${key}`;
    if (!isObject(request)) throw bodyFieldError(fieldPath, "should be an object", request);
    if (!(property.type in request)) {
      throw bodyFieldError(`${fieldPath}.${property.type}`, "should be defined", undefined);
    }
    const raw = request[property.type];
    const { value, addedOptions } = parseValue(property, raw, `${fieldPath}.${property.type}`, context);
    if (addedOptions.length > 0) {
      const updated = withOptions(property, addedOptions);
      schema = schema.map((candidate) => (candidate.id === property.id ? updated : candidate));
      schemaChanged = true;
    }
    values[property.id] = value;
  }
  return schemaChanged ? { values, schema } : { values };
}

interface ParsedValue {
  value: StoredValue;
  addedOptions: SelectOption[];
}

function parseValue(
  property: PropertyConfig,
  raw: unknown,
  path: string,
  context: ValueContext,
): ParsedValue {
  const plain = (value: StoredValue): ParsedValue => ({ value, addedOptions: [] });
  switch (property.type) {
    case "title":
      return plain({ type: "title", richText: parseRichText(raw, path) });
    case "rich_text":
      return plain({ type: "rich_text", richText: parseRichText(raw, path) });
    case "number":
      if (raw !== null && (typeof raw !== "number" || !Number.isFinite(raw))) {
        throw bodyFieldError(path, "should be a number or `null`", raw);
      }
      return plain({ type: "number", number: raw });
    case "checkbox":
      if (typeof raw !== "boolean") throw bodyFieldError(path, "should be a boolean", raw);
      return plain({ type: "checkbox", checked: raw });
    case "url":
      return plain({ type: "url", text: parseUrl(raw, path, context.urlPolicy) });
    case "email":
      return plain({ type: "email", text: parseShortText(raw, path) });
    case "phone_number":
      return plain({ type: "phone_number", text: parseShortText(raw, path) });
    case "date":
      return plain({ type: "date", date: parseDate(raw, path) });
    case "select":
    case "status": {
      if (raw === null) return plain({ type: property.type, optionId: null });
      const { option, added } = resolveOption(property, raw, path, [], property.type === "select");
      return { value: { type: property.type, optionId: option.id }, addedOptions: added ? [option] : [] };
    }
    case "multi_select": {
      if (!Array.isArray(raw)) throw bodyFieldError(path, "should be an array", raw);
      if (raw.length > MAX_MULTI_SELECT_OPTIONS) {
        throw bodyFieldError(`${path}.length`, `should be ≤ \`${MAX_MULTI_SELECT_OPTIONS}\``, raw.length);
      }
      const added: SelectOption[] = [];
      const optionIds: string[] = [];
      raw.forEach((entry, index) => {
        const resolved = resolveOption(property, entry, `${path}[${index}]`, added, true);
        if (resolved.added) added.push(resolved.option);
        if (!optionIds.includes(resolved.option.id)) optionIds.push(resolved.option.id);
      });
      return { value: { type: "multi_select", optionIds }, addedOptions: added };
    }
    case "people": {
      if (!Array.isArray(raw)) throw bodyFieldError(path, "should be an array", raw);
      const userIds = raw.map((entry, index) => {
        if (!isObject(entry) || typeof entry.id !== "string") {
          throw bodyFieldError(
            `${path}[${index}].id`,
            "should be a string",
            isObject(entry) ? entry.id : entry,
          );
        }
        if (!context.userExists(entry.id)) throw validationError(`Could not find user with ID: ${entry.id}.`);
        return entry.id;
      });
      return plain({ type: "people", userIds });
    }
    case "files": {
      if (!Array.isArray(raw)) throw bodyFieldError(path, "should be an array", raw);
      return plain({
        type: "files",
        files: raw.map((entry, index) => parseFile(entry, `${path}[${index}]`, context)),
      });
    }
    default:
      throw validationError(`The sandbox cannot write ${property.type} properties.`);
  }
}

function parseUrl(raw: unknown, path: string, policy: UrlPolicy): string | null {
  if (raw === null) return null;
  if (typeof raw !== "string") throw bodyFieldError(path, "should be a string or `null`", raw);
  if (raw.length === 0) throw bodyFieldError(`${path}.length`, "should be ≥ `1`", 0);
  if (raw.length > MAX_URL_LENGTH)
    throw bodyFieldError(`${path}.length`, `should be ≤ \`${MAX_URL_LENGTH}\``, raw.length);
  if (policy === "http" && !isHttpUrl(raw))
    throw bodyFieldError(path, "should be an absolute http(s) URL", raw);
  return raw;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function parseShortText(raw: unknown, path: string): string | null {
  if (raw === null) return null;
  if (typeof raw !== "string") throw bodyFieldError(path, "should be a string or `null`", raw);
  if (raw.length > MAX_SHORT_TEXT)
    throw bodyFieldError(`${path}.length`, `should be ≤ \`${MAX_SHORT_TEXT}\``, raw.length);
  return raw;
}

function parseDate(raw: unknown, path: string): DateValue | null {
  if (raw === null) return null;
  if (!isObject(raw)) throw bodyFieldError(path, "should be an object or `null`", raw);
  const start = raw.start;
  if (typeof start !== "string" || !ISO_DATE.test(start) || Number.isNaN(Date.parse(start))) {
    throw bodyFieldError(`${path}.start`, "should be a valid ISO 8601 date string", start);
  }
  const end = raw.end ?? null;
  if (end !== null && (typeof end !== "string" || !ISO_DATE.test(end) || Number.isNaN(Date.parse(end)))) {
    throw bodyFieldError(`${path}.end`, "should be a valid ISO 8601 date string or `null`", end);
  }
  const timeZone = raw.time_zone ?? null;
  if (timeZone !== null && typeof timeZone !== "string") {
    throw bodyFieldError(`${path}.time_zone`, "should be a string or `null`", timeZone);
  }
  return { start, end, time_zone: timeZone };
}

function resolveOption(
  property: PropertyConfig,
  raw: unknown,
  path: string,
  pending: readonly SelectOption[],
  mayCreate: boolean,
): { option: SelectOption; added: boolean } {
  if (!isObject(raw)) throw bodyFieldError(path, "should be an object", raw);
  const known = [...optionsOf(property), ...pending];
  if (typeof raw.id === "string") {
    const byId = known.find((option) => option.id === raw.id);
    if (!byId) throw validationError(`Invalid select option id "${raw.id}" for property "${property.name}".`);
    return { option: byId, added: false };
  }
  if (typeof raw.name !== "string") throw bodyFieldError(`${path}.name`, "should be a string", raw.name);
  const name = raw.name;
  const byName = known.find((option) => option.name === name);
  if (byName) return { option: byName, added: false };
  if (!mayCreate) {
    throw validationError(
      `Invalid status option "${name}" for property "${property.name}". Use one of: ${known.map((o) => o.name).join(", ")}.`,
    );
  }
  return { option: newOption(name, isSelectColor(raw.color) ? raw.color : "default"), added: true };
}

function withOptions(property: PropertyConfig, added: SelectOption[]): PropertyConfig {
  switch (property.type) {
    case "select":
      return { ...property, select: { options: [...property.select.options, ...added] } };
    case "multi_select":
      return { ...property, multi_select: { options: [...property.multi_select.options, ...added] } };
    default:
      return property;
  }
}

function parseFile(entry: unknown, path: string, context: ValueContext): StoredFile {
  if (!isObject(entry)) throw bodyFieldError(path, "should be an object", entry);
  const name = typeof entry.name === "string" ? entry.name : undefined;
  if (isObject(entry.external)) {
    const url = entry.external.url;
    if (typeof url !== "string" || url.length === 0) {
      throw bodyFieldError(`${path}.external.url`, "should be a non-empty string", url);
    }
    return { kind: "external", name: name ?? url, url };
  }
  if (isObject(entry.file_upload)) {
    const id = entry.file_upload.id;
    if (typeof id !== "string") throw bodyFieldError(`${path}.file_upload.id`, "should be a string", id);
    const upload = attachableUpload(id, context);
    return { kind: "upload", name: name ?? upload.filename ?? "file", uploadId: upload.id };
  }
  if (isObject(entry.file) && typeof entry.file.url === "string") {
    const uploadId = context.uploadIdFromUrl(entry.file.url);
    if (!uploadId) throw validationError(`${path}.file.url is not a file hosted by this workspace.`);
    return { kind: "upload", name: name ?? context.fileUpload(uploadId)?.filename ?? "file", uploadId };
  }
  throw bodyFieldError(`${path}.external`, "should be defined", undefined);
}

function attachableUpload(id: string, context: ValueContext): FileUploadRecord {
  const upload = context.fileUpload(id);
  if (!upload) throw validationError(`Could not find file upload with ID: ${id}.`);
  if (upload.status !== "uploaded") {
    throw validationError(
      `File upload ${id} has status "${upload.status}"; send its content before attaching it (status must be "uploaded").`,
    );
  }
  return upload;
}
