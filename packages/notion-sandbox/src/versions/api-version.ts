import type { IncomingMessage } from "node:http";
import { ApiError, validationError } from "../errors/api-error";

/**
 * The `Notion-Version` values the sandbox answers, oldest first. Each later version is the earlier one plus the
 * documented differences modelled below (`versionAtLeast`):
 * - 2026-03-11: `archived` is gone from requests and responses (`in_trash` only); appending block children takes
 *   `position` instead of `after`.
 * - 2026-12-01: a data source query, and Search for its pages, return only the title property unless
 *   `filter_properties` names others (a page retrieve is unchanged).
 */
export const API_VERSIONS = ["2025-09-03", "2026-03-11", "2026-12-01"] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

/** Versions Notion still serves whose shapes the sandbox does not model (databases without data sources). */
const UNMODELLED_VERSIONS = new Set(["2021-05-13", "2021-08-16", "2022-02-22", "2022-06-28"]);

export function versionAtLeast(version: ApiVersion, minimum: ApiVersion): boolean {
  return API_VERSIONS.indexOf(version) >= API_VERSIONS.indexOf(minimum);
}

/** Reads and checks the `Notion-Version` header; Notion's errors for a missing or unknown value. */
export function requestedVersion(request: IncomingMessage): ApiVersion {
  const raw = request.headers["notion-version"];
  if (typeof raw !== "string") {
    throw new ApiError(
      "missing_version",
      "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.",
    );
  }
  const known = API_VERSIONS.find((version) => version === raw.trim());
  if (known) return known;
  if (UNMODELLED_VERSIONS.has(raw.trim())) {
    throw validationError(
      `Notion-Version ${raw} is a real Notion version the sandbox does not model; use one of ${API_VERSIONS.join(", ")}.`,
    );
  }
  throw validationError(
    `Notion-Version header failed validation: Notion-Version header should be one of ${API_VERSIONS.map((v) => `"${v}"`).join(", ")}, instead was \`${JSON.stringify(raw)}\`.`,
  );
}

const TRASHABLE_OBJECTS = new Set(["page", "database", "data_source", "block"]);

/**
 * Adapts a response rendered in the 2025-09-03 shape to the caller's version. From 2026-03-11 the deprecated
 * `archived` flag is gone from every page, database, data source and block (lists and nested results included).
 */
export function adaptResponse<T extends object>(json: T, version: ApiVersion): T {
  if (!versionAtLeast(version, "2026-03-11")) return json;
  stripArchived(json);
  return json;
}

function stripArchived(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) stripArchived(item);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const record = value as Record<string, unknown>;
  if (typeof record.object === "string" && TRASHABLE_OBJECTS.has(record.object)) delete record.archived;
  if (Array.isArray(record.results)) stripArchived(record.results);
}
