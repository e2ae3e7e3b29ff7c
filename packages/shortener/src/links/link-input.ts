import { ShortenerError } from "../errors/shortener-error";

/** Validated request bodies. Unknown fields are refused so a misspelt field never passes silently. */

export interface CreateLinkRequest {
  readonly destination: string;
  readonly slug: string | null;
  readonly tags: readonly string[];
  readonly title: string | null;
  readonly externalId: string | null;
  /** The caller's key for this request: a repeat with the same key answers the link it created. */
  readonly requestKey: string | null;
}

export interface LinkPatchRequest {
  readonly destination?: string;
  readonly tags?: readonly string[];
}

export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 100;
export const MAX_TITLE_LENGTH = 2000;
export const MAX_EXTERNAL_ID_LENGTH = 256;

export function parseCreateLinkRequest(body: unknown): CreateLinkRequest {
  const fields = objectWithOnly(body, ["destination", "slug", "tags", "title", "externalId", "requestKey"]);
  return {
    destination: requiredString(fields.destination, "destination"),
    slug: optionalString(fields.slug, "slug", Number.POSITIVE_INFINITY),
    tags: fields.tags === undefined || fields.tags === null ? [] : parseTags(fields.tags),
    title: optionalString(fields.title, "title", MAX_TITLE_LENGTH),
    externalId: optionalString(fields.externalId, "externalId", MAX_EXTERNAL_ID_LENGTH),
    requestKey: optionalString(fields.requestKey, "requestKey", MAX_EXTERNAL_ID_LENGTH),
  };
}

export function parseLinkPatchRequest(body: unknown): LinkPatchRequest {
  const fields = objectWithOnly(body, ["destination", "tags"]);
  if (fields.destination === undefined && fields.tags === undefined) {
    throw invalid("Send at least one of destination or tags to change.");
  }
  return {
    ...(fields.destination !== undefined && {
      destination: requiredString(fields.destination, "destination"),
    }),
    ...(fields.tags !== undefined && { tags: parseTags(fields.tags) }),
  };
}

/** Trims tags and drops repeats, keeping the first spelling and the given order. */
export function parseTags(value: unknown): string[] {
  if (!Array.isArray(value)) throw invalid("tags must be an array of strings.");
  if (value.length > MAX_TAGS)
    throw invalid(`A link can have at most ${MAX_TAGS} tags (got ${value.length}).`);
  const tags: string[] = [];
  for (const raw of value) {
    if (typeof raw !== "string") throw invalid("tags must be an array of strings.");
    const tag = raw.trim();
    if (tag === "" || tag.length > MAX_TAG_LENGTH || tag.includes(",")) {
      throw invalid(`Tag "${tag}" must be 1 to ${MAX_TAG_LENGTH} characters long and contain no comma.`);
    }
    if (!tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

export function objectWithOnly(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalid("The request body must be a JSON object.");
  }
  const unknown = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw invalid(`Unknown field "${unknown}"; allowed fields are ${allowed.join(", ")}.`);
  }
  return body as Record<string, unknown>;
}

function requiredString(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "") throw invalid(`${field} is required and must be a string.`);
  return value;
}

function optionalString(value: unknown, field: string, maxLength: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value === "" || value.length > maxLength) {
    const limit = Number.isFinite(maxLength) ? ` of at most ${maxLength} characters` : "";
    throw invalid(`${field} must be a non-empty string${limit}, or be left out.`);
  }
  return value;
}

function invalid(message: string): ShortenerError {
  return new ShortenerError("invalid_input", message);
}
