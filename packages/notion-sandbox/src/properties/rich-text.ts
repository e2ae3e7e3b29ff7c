import type { RichTextItemResponse } from "@notionhq/client";
import { bodyFieldError } from "../errors/api-error";
import type { RichText } from "../store/types";
import { isObject } from "./json-shape";

/** Notion's per-item limits on rich text. */
export const MAX_TEXT_CONTENT = 2000;
export const MAX_RICH_TEXT_ITEMS = 100;

type Annotations = RichTextItemResponse["annotations"];

const DEFAULT_ANNOTATIONS: Annotations = {
  bold: false,
  italic: false,
  strikethrough: false,
  underline: false,
  code: false,
  color: "default",
};

export function textItem(content: string, link: string | null = null): RichTextItemResponse {
  return {
    type: "text",
    text: { content, link: link === null ? null : { url: link } },
    annotations: { ...DEFAULT_ANNOTATIONS },
    plain_text: content,
    href: link,
  };
}

export function plainText(richText: RichText): string {
  return richText.map((item) => item.plain_text).join("");
}

/** Turns a rich text request array into Notion's response form, enforcing Notion's limits. */
export function parseRichText(input: unknown, path: string): RichText {
  if (!Array.isArray(input)) throw bodyFieldError(path, "should be an array", input);
  if (input.length > MAX_RICH_TEXT_ITEMS) {
    throw bodyFieldError(`${path}.length`, `should be ≤ \`${MAX_RICH_TEXT_ITEMS}\``, input.length);
  }
  return input.map((item, index) => parseItem(item, `${path}[${index}]`));
}

function parseItem(item: unknown, path: string): RichTextItemResponse {
  if (!isObject(item)) throw bodyFieldError(path, "should be an object", item);
  const annotations = parseAnnotations(item.annotations, `${path}.annotations`);
  if (isObject(item.equation)) {
    const expression = item.equation.expression;
    if (typeof expression !== "string") {
      throw bodyFieldError(`${path}.equation.expression`, "should be a string", expression);
    }
    return { type: "equation", equation: { expression }, annotations, plain_text: expression, href: null };
  }
  if (!isObject(item.text)) throw bodyFieldError(`${path}.text`, "should be defined", item.text);
  const content = item.text.content;
  if (typeof content !== "string")
    throw bodyFieldError(`${path}.text.content`, "should be a string", content);
  if (content.length > MAX_TEXT_CONTENT) {
    throw bodyFieldError(
      `${path}.text.content.length`,
      `should be ≤ \`${MAX_TEXT_CONTENT}\``,
      content.length,
    );
  }
  const link = item.text.link;
  let url: string | null = null;
  if (isObject(link)) {
    if (typeof link.url !== "string")
      throw bodyFieldError(`${path}.text.link.url`, "should be a string", link.url);
    url = link.url;
  } else if (link !== undefined && link !== null) {
    throw bodyFieldError(`${path}.text.link`, "should be an object or `null`", link);
  }
  const base = textItem(content, url);
  return { ...base, annotations };
}

const COLORS: readonly Annotations["color"][] = [
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
  "default_background",
  "gray_background",
  "brown_background",
  "orange_background",
  "yellow_background",
  "green_background",
  "blue_background",
  "purple_background",
  "pink_background",
  "red_background",
];

function isAnnotationColor(value: unknown): value is Annotations["color"] {
  return typeof value === "string" && (COLORS as readonly string[]).includes(value);
}

function parseAnnotations(input: unknown, path: string): Annotations {
  if (input === undefined) return { ...DEFAULT_ANNOTATIONS };
  if (!isObject(input)) throw bodyFieldError(path, "should be an object", input);
  const result: Annotations = { ...DEFAULT_ANNOTATIONS };
  for (const flag of ["bold", "italic", "strikethrough", "underline", "code"] as const) {
    const value = input[flag];
    if (value === undefined) continue;
    if (typeof value !== "boolean") throw bodyFieldError(`${path}.${flag}`, "should be a boolean", value);
    result[flag] = value;
  }
  if (input.color !== undefined) {
    if (!isAnnotationColor(input.color)) {
      throw bodyFieldError(`${path}.color`, "should be a valid color", input.color);
    }
    result.color = input.color;
  }
  return result;
}
