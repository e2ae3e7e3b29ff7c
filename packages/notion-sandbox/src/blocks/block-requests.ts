import { bodyFieldError, validationError } from "../errors/api-error";
import { allowOnlyFields } from "../http/body-fields";
import { isObject } from "../properties/json-shape";
import { parseRichText } from "../properties/rich-text";
import { isSelectColor } from "../properties/schema";
import { BLOCK_TYPES, type BlockType } from "../store/types";
import type { NewBlock } from "../store/workspace-store";

/** Notion takes at most 100 blocks per request, nested at most two levels below the ones appended. */
export const MAX_BLOCKS_PER_REQUEST = 100;
const MAX_NESTING = 2;

const TEXT_BLOCKS = new Set<BlockType>([
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
]);
/** Block types that may hold children (headings only when toggleable). */
const PARENT_BLOCKS = new Set<BlockType>([
  "paragraph",
  "bulleted_list_item",
  "numbered_list_item",
  "quote",
  "to_do",
  "toggle",
  "callout",
]);

function isBlockType(value: unknown): value is BlockType {
  return typeof value === "string" && (BLOCK_TYPES as readonly string[]).includes(value);
}

/** Validates a `children` array (page creation, append) into blocks to store. */
export function parseBlockList(raw: unknown, path: string, depth = 0): NewBlock[] {
  if (!Array.isArray(raw)) throw bodyFieldError(path, "should be an array", raw);
  if (raw.length > MAX_BLOCKS_PER_REQUEST) {
    throw bodyFieldError(`${path}.length`, `should be ≤ \`${MAX_BLOCKS_PER_REQUEST}\``, raw.length);
  }
  return raw.map((entry, index) => parseBlock(entry, `${path}[${index}]`, depth));
}

function parseBlock(raw: unknown, path: string, depth: number): NewBlock {
  if (!isObject(raw)) throw bodyFieldError(path, "should be an object", raw);
  const type = raw.type ?? Object.keys(raw).find((key) => key !== "object" && key !== "type");
  if (!isBlockType(type)) {
    throw validationError(
      `${path} is a block type the sandbox does not store (${JSON.stringify(type)}); it stores ${BLOCK_TYPES.join(", ")}.`,
    );
  }
  allowOnlyFields(raw, ["object", "type", type], path);
  const body = raw[type];
  if (!isObject(body)) throw bodyFieldError(`${path}.${type}`, "should be an object", body);
  const { content, children } = parseBlockContent(type, body, `${path}.${type}`);
  if (children !== undefined && depth >= MAX_NESTING) {
    throw validationError(
      `${path}.${type}.children: blocks can be nested at most ${MAX_NESTING} levels per request.`,
    );
  }
  return {
    type,
    content,
    children: children === undefined ? [] : parseBlockList(children, `${path}.${type}.children`, depth + 1),
  };
}

/** One block type's object: validated, defaults filled in as Notion returns them. `children` is returned apart. */
export function parseBlockContent(
  type: BlockType,
  body: Record<string, unknown>,
  path: string,
  current?: Record<string, unknown>,
): { content: Record<string, unknown>; children?: unknown } {
  const base = current ?? {};
  if (TEXT_BLOCKS.has(type)) {
    const extra =
      type === "to_do"
        ? ["checked"]
        : type === "callout"
          ? ["icon"]
          : type.startsWith("heading_")
            ? ["is_toggleable"]
            : [];
    const childrenAllowed =
      PARENT_BLOCKS.has(type) || (type.startsWith("heading_") && body.is_toggleable === true);
    allowOnlyFields(body, ["rich_text", "color", ...extra, ...(childrenAllowed ? ["children"] : [])], path);
    const content: Record<string, unknown> = {
      rich_text:
        body.rich_text === undefined
          ? (base.rich_text ?? [])
          : parseRichText(body.rich_text, `${path}.rich_text`),
      color: parseColor(body.color, `${path}.color`, base.color),
    };
    if (type === "to_do") content.checked = optionalBoolean(body.checked, `${path}.checked`, base.checked);
    if (type.startsWith("heading_")) {
      content.is_toggleable = optionalBoolean(
        body.is_toggleable,
        `${path}.is_toggleable`,
        base.is_toggleable,
      );
    }
    if (type === "callout") content.icon = body.icon ?? base.icon ?? null;
    return { content, children: body.children };
  }
  switch (type) {
    case "divider":
      allowOnlyFields(body, [], path);
      return { content: {} };
    case "equation": {
      allowOnlyFields(body, ["expression"], path);
      const expression = body.expression ?? base.expression;
      if (typeof expression !== "string") {
        throw bodyFieldError(`${path}.expression`, "should be a string", expression);
      }
      return { content: { expression } };
    }
    case "code": {
      allowOnlyFields(body, ["rich_text", "language", "caption"], path);
      const language = body.language ?? base.language ?? "plain text";
      if (typeof language !== "string")
        throw bodyFieldError(`${path}.language`, "should be a string", language);
      return {
        content: {
          rich_text:
            body.rich_text === undefined
              ? (base.rich_text ?? [])
              : parseRichText(body.rich_text, `${path}.rich_text`),
          caption:
            body.caption === undefined
              ? (base.caption ?? [])
              : parseRichText(body.caption, `${path}.caption`),
          language,
        },
      };
    }
    case "bookmark":
    case "image": {
      allowOnlyFields(body, type === "image" ? ["type", "external", "caption"] : ["url", "caption"], path);
      const caption =
        body.caption === undefined ? (base.caption ?? []) : parseRichText(body.caption, `${path}.caption`);
      if (type === "bookmark") {
        const url = body.url ?? base.url;
        if (typeof url !== "string" || url.length === 0) {
          throw bodyFieldError(`${path}.url`, "should be a non-empty string", url);
        }
        return { content: { url, caption } };
      }
      const external = isObject(body.external) ? body.external : base.external;
      if (!isObject(external) || typeof external.url !== "string") {
        throw bodyFieldError(
          `${path}.external.url`,
          "should be a string",
          isObject(external) ? external.url : external,
        );
      }
      return { content: { type: "external", external: { url: external.url }, caption } };
    }
    default:
      throw validationError(`The sandbox cannot store ${type} blocks.`);
  }
}

function parseColor(raw: unknown, path: string, fallback: unknown): string {
  if (raw === undefined) return typeof fallback === "string" ? fallback : "default";
  if (typeof raw !== "string") throw bodyFieldError(path, "should be a string", raw);
  const base = raw.endsWith("_background") ? raw.slice(0, -"_background".length) : raw;
  if (!isSelectColor(base)) throw bodyFieldError(path, "should be a Notion color", raw);
  return raw;
}

function optionalBoolean(raw: unknown, path: string, fallback: unknown): boolean {
  if (raw === undefined) return fallback === true;
  if (typeof raw !== "boolean") throw bodyFieldError(path, "should be a boolean", raw);
  return raw;
}
