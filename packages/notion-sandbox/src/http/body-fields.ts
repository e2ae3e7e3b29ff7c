import { bodyFieldError, validationError } from "../errors/api-error";

/**
 * Notion validates request bodies strictly: a field it does not know is a `validation_error`, never silently
 * ignored (a program that sends one expects Notion to act on it). `allowed` lists the fields of one endpoint;
 * `unmodelled` the fields Notion acts on that the sandbox does not model, refused by name so nobody mistakes the
 * sandbox's silence for Notion's behaviour.
 */
export function allowOnlyFields(
  body: Record<string, unknown>,
  allowed: readonly string[],
  path = "body",
  unmodelled: readonly string[] = [],
): void {
  for (const [key, value] of Object.entries(body)) {
    if (allowed.includes(key)) continue;
    if (unmodelled.includes(key)) {
      throw validationError(
        `${path}.${key} is a Notion field the sandbox does not model; it refuses it rather than ignore it.`,
      );
    }
    throw bodyFieldError(`${path}.${key}`, "should be not present", value);
  }
}
