import { bodyFieldError, validationError } from "../errors/api-error";
import { newId, newPropertyId } from "../ids/ids";
import type { PropertyConfig, SelectColorName, SelectOption } from "../store/types";
import { isObject, type JsonObject } from "./json-shape";

/** Property types the sandbox can hold in a schema. Formula, rollup and relation are refused, loudly. */
export const SUPPORTED_PROPERTY_TYPES = [
  "title",
  "rich_text",
  "number",
  "select",
  "multi_select",
  "status",
  "date",
  "people",
  "files",
  "checkbox",
  "url",
  "email",
  "phone_number",
  "created_time",
  "created_by",
  "last_edited_time",
  "last_edited_by",
  "unique_id",
] as const;
export type SupportedPropertyType = (typeof SUPPORTED_PROPERTY_TYPES)[number];

const UNSUPPORTED_PROPERTY_TYPES = [
  "formula",
  "rollup",
  "relation",
  "button",
  "place",
  "verification",
  "location",
];

const SELECT_COLORS: readonly SelectColorName[] = [
  "default",
  "gray",
  "brown",
  "orange",
  "yellow",
  "green",
  "blue",
  "purple",
  "pink",
  "red",
];

function isSupportedType(value: unknown): value is SupportedPropertyType {
  return typeof value === "string" && (SUPPORTED_PROPERTY_TYPES as readonly string[]).includes(value);
}

export function isSelectColor(value: unknown): value is SelectColorName {
  return typeof value === "string" && (SELECT_COLORS as readonly string[]).includes(value);
}

/** Finds a property by name or by id (raw or URL-encoded), as Notion accepts both. */
export function findProperty(schema: readonly PropertyConfig[], key: string): PropertyConfig | undefined {
  return (
    schema.find((property) => property.name === key) ??
    schema.find((property) => property.id === key || safeDecode(property.id) === key)
  );
}

function safeDecode(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

/** Reads `initial_data_source.properties` of a database create request. */
export function parseSchema(input: unknown, path: string): PropertyConfig[] {
  if (!isObject(input)) throw bodyFieldError(path, "should be an object", input);
  const schema: PropertyConfig[] = [];
  for (const [name, request] of Object.entries(input)) {
    if (!isObject(request)) throw bodyFieldError(`${path}.${name}`, "should be an object", request);
    const propertyName = typeof request.name === "string" ? request.name : name;
    const type = requestedType(request, `${path}.${name}`);
    if (type === undefined) throw bodyFieldError(`${path}.${name}`, "should name a property type", request);
    schema.push(
      buildConfig(propertyName, type === "title" ? "title" : newPropertyId(), type, request, undefined),
    );
  }
  assertSchemaInvariants(schema);
  return schema;
}

/**
 * Applies the `properties` of a data source update: a known name or id with `null` deletes it,
 * with `{name}` renames it, with a type key retypes or reconfigures it; an unknown key adds a property.
 */
export function applySchemaPatch(
  current: readonly PropertyConfig[],
  patch: unknown,
  path: string,
): PropertyConfig[] {
  if (!isObject(patch)) throw bodyFieldError(path, "should be an object", patch);
  let schema = [...current];
  for (const [key, request] of Object.entries(patch)) {
    const existing = findProperty(schema, key);
    const fieldPath = `${path}.${key}`;
    if (request === null) {
      if (!existing) throw validationError(`Could not find property with name or id: ${key}`);
      if (existing.type === "title")
        throw validationError("Cannot delete the title property of a data source.");
      schema = schema.filter((property) => property.id !== existing.id);
      continue;
    }
    if (!isObject(request)) throw bodyFieldError(fieldPath, "should be an object or `null`", request);
    const name = typeof request.name === "string" ? request.name : (existing?.name ?? key);
    const type = requestedType(request, fieldPath);
    if (existing) {
      if (existing.type === "title" && type !== undefined && type !== "title") {
        throw validationError(`Cannot change the type of the title property "${existing.name}".`);
      }
      const next = buildConfig(name, existing.id, type ?? supportedOrThrow(existing.type), request, existing);
      schema = schema.map((property) => (property.id === existing.id ? next : property));
    } else {
      if (type === undefined) throw validationError(`Could not find property with name or id: ${key}`);
      if (type === "title") throw validationError("A data source can only have one title property.");
      schema.push(buildConfig(name, newPropertyId(), type, request, undefined));
    }
  }
  assertSchemaInvariants(schema);
  return schema;
}

function supportedOrThrow(type: string): SupportedPropertyType {
  if (!isSupportedType(type)) throw validationError(`The sandbox does not support ${type} properties.`);
  return type;
}

function requestedType(request: JsonObject, path: string): SupportedPropertyType | undefined {
  if (request.type !== undefined) {
    if (isSupportedType(request.type)) return request.type;
    throw bodyFieldError(`${path}.type`, "should be a supported property type", request.type);
  }
  const unsupported = UNSUPPORTED_PROPERTY_TYPES.find((type) => type in request);
  if (unsupported) throw validationError(`The sandbox does not support ${unsupported} properties (${path}).`);
  return SUPPORTED_PROPERTY_TYPES.find((type) => type in request);
}

function assertSchemaInvariants(schema: readonly PropertyConfig[]): void {
  const titles = schema.filter((property) => property.type === "title").length;
  if (titles !== 1) {
    throw validationError(`A data source needs exactly one title property; this schema has ${titles}.`);
  }
  const names = new Set<string>();
  for (const property of schema) {
    if (names.has(property.name)) throw validationError(`Property name "${property.name}" is used twice.`);
    names.add(property.name);
  }
}

function buildConfig(
  name: string,
  id: string,
  type: SupportedPropertyType,
  request: JsonObject,
  previous: PropertyConfig | undefined,
): PropertyConfig {
  if (name.trim() === "") throw validationError("Property names cannot be empty.");
  const description =
    typeof request.description === "string" ? request.description : (previous?.description ?? null);
  const common = { id, name, description };
  const options = isObject(request[type]) ? request[type] : {};
  switch (type) {
    case "number":
      return {
        ...common,
        type,
        number: {
          format:
            typeof options.format === "string"
              ? options.format
              : previous?.type === "number"
                ? previous.number.format
                : "number",
        },
      };
    case "select":
      return {
        ...common,
        type,
        select: { options: parseOptions(options.options, previous, `${name}.select`) },
      };
    case "multi_select":
      return {
        ...common,
        type,
        multi_select: { options: parseOptions(options.options, previous, `${name}.multi_select`) },
      };
    case "status":
      return { ...common, type, status: statusConfig(previous) };
    case "unique_id":
      return {
        ...common,
        type,
        unique_id: {
          prefix:
            typeof options.prefix === "string"
              ? options.prefix
              : previous?.type === "unique_id"
                ? previous.unique_id.prefix
                : null,
        },
      };
    case "title":
      return { ...common, type, title: {} };
    case "rich_text":
      return { ...common, type, rich_text: {} };
    case "date":
      return { ...common, type, date: {} };
    case "people":
      return { ...common, type, people: {} };
    case "files":
      return { ...common, type, files: {} };
    case "checkbox":
      return { ...common, type, checkbox: {} };
    case "url":
      return { ...common, type, url: {} };
    case "email":
      return { ...common, type, email: {} };
    case "phone_number":
      return { ...common, type, phone_number: {} };
    case "created_time":
      return { ...common, type, created_time: {} };
    case "created_by":
      return { ...common, type, created_by: {} };
    case "last_edited_time":
      return { ...common, type, last_edited_time: {} };
    case "last_edited_by":
      return { ...common, type, last_edited_by: {} };
  }
}

export function optionsOf(config: PropertyConfig): SelectOption[] {
  switch (config.type) {
    case "select":
      return config.select.options;
    case "multi_select":
      return config.multi_select.options;
    case "status":
      return config.status.options;
    default:
      return [];
  }
}

export function newOption(name: string, color: SelectColorName = "default"): SelectOption {
  if (name.includes(",")) throw validationError(`Select option names cannot contain commas: "${name}".`);
  if (name.length > 100)
    throw validationError(`Select option names are limited to 100 characters: "${name}".`);
  return { id: newId(), name, color, description: null };
}

function parseOptions(input: unknown, previous: PropertyConfig | undefined, path: string): SelectOption[] {
  const existing = previous ? optionsOf(previous) : [];
  if (input === undefined) return existing;
  if (!Array.isArray(input)) throw bodyFieldError(`${path}.options`, "should be an array", input);
  return input.map((option, index) => {
    if (!isObject(option)) throw bodyFieldError(`${path}.options[${index}]`, "should be an object", option);
    const known = existing.find((candidate) => candidate.id === option.id || candidate.name === option.name);
    const name = typeof option.name === "string" ? option.name : known?.name;
    if (name === undefined)
      throw bodyFieldError(`${path}.options[${index}].name`, "should be a string", option.name);
    const color = isSelectColor(option.color) ? option.color : (known?.color ?? "default");
    const created = newOption(name, color);
    return {
      ...created,
      id: known?.id ?? created.id,
      description: typeof option.description === "string" ? option.description : (known?.description ?? null),
    };
  });
}

function statusConfig(
  previous: PropertyConfig | undefined,
): Extract<PropertyConfig, { type: "status" }>["status"] {
  if (previous?.type === "status") return previous.status;
  const notStarted = newOption("Not started");
  const inProgress = newOption("In progress", "blue");
  const done = newOption("Done", "green");
  return {
    options: [notStarted, inProgress, done],
    groups: [
      { id: newId(), name: "To-do", color: "gray", option_ids: [notStarted.id] },
      { id: newId(), name: "In progress", color: "blue", option_ids: [inProgress.id] },
      { id: newId(), name: "Complete", color: "green", option_ids: [done.id] },
    ],
  };
}
