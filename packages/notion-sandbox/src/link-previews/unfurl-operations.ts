import { isObject } from "../properties/json-shape";

/** One unfurl attribute object; `id` names it (`title`, `dev`, ...), the rest is kept as sent. */
export type UnfurlAttribute = { id: string } & Record<string, unknown>;

export interface UnfurlError {
  status: number;
  message: string;
}

export interface ExternalObjectState {
  attributes: UnfurlAttribute[];
  error: UnfurlError | null;
}

/** Every attribute set must carry these two, as Notion requires. */
const REQUIRED_ATTRIBUTES = ["title", "dev"] as const;

export class UnfurlShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnfurlShapeError";
  }
}

/**
 * Applies `operations` (`{ path: ["attributes"], set: [...] }`, `{ path: ["error"], set: {status, message} }`)
 * to a Link Preview. An update without an error operation clears the error, as Notion documents.
 */
export function applyOperations(current: ExternalObjectState, operations: unknown): ExternalObjectState {
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new UnfurlShapeError("operations should be a non-empty array.");
  }
  let attributes = current.attributes;
  let error: UnfurlError | null = null;
  operations.forEach((operation, index) => {
    const path = isObject(operation) && Array.isArray(operation.path) ? operation.path.join(".") : undefined;
    const set = isObject(operation) ? operation.set : undefined;
    if (path === "attributes") attributes = parseAttributes(set, index);
    else if (path === "error") error = parseError(set, index);
    else {
      throw new UnfurlShapeError(`operations[${index}].path should be ["attributes"] or ["error"].`);
    }
  });
  return { attributes, error };
}

function parseAttributes(set: unknown, index: number): UnfurlAttribute[] {
  if (!Array.isArray(set))
    throw new UnfurlShapeError(`operations[${index}].set should be an array of attributes.`);
  const attributes = set.map((attribute, position) => {
    if (!isObject(attribute) || typeof attribute.id !== "string") {
      throw new UnfurlShapeError(
        `operations[${index}].set[${position}] should be an object with a string id.`,
      );
    }
    return attribute as UnfurlAttribute;
  });
  for (const required of REQUIRED_ATTRIBUTES) {
    if (!attributes.some((attribute) => attribute.id === required)) {
      throw new UnfurlShapeError(`The attributes must include a "${required}" attribute.`);
    }
  }
  return attributes;
}

function parseError(set: unknown, index: number): UnfurlError {
  if (!isObject(set) || typeof set.status !== "number" || typeof set.message !== "string") {
    throw new UnfurlShapeError(`operations[${index}].set should be { status: number, message: string }.`);
  }
  return { status: set.status, message: set.message };
}
