import type { IncomingMessage } from "node:http";
import { ApiError } from "../errors/api-error";
import { isObject } from "../properties/json-shape";

/** Notion refuses request bodies above roughly 1000 KB for JSON endpoints. */
const MAX_JSON_BYTES = 1_000_000;

export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw new ApiError("validation_error", `Request body is larger than ${limit} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export async function readJsonObject(
  request: IncomingMessage,
  limit = MAX_JSON_BYTES,
): Promise<Record<string, unknown>> {
  const raw = (await readBody(request, limit)).toString("utf8");
  if (raw.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiError("invalid_json", "Error parsing JSON body.");
  }
  if (!isObject(parsed)) throw new ApiError("invalid_json", "The request body should be a JSON object.");
  return parsed;
}
