import { isLinksyncError } from "@linksync/core";
import { type Envelope, isApiMethod, type LinksyncApi } from "../shared/contract";

/**
 * The one place a call from a window (IPC) or a browser (HTTP) reaches the API. Both bridges hand it the raw method
 * name and arguments they received; it refuses anything the contract does not declare.
 */
export async function dispatch(api: LinksyncApi, name: unknown, args: unknown): Promise<Envelope<unknown>> {
  if (!isApiMethod(name)) {
    return failure(
      "unknown_method",
      `The Linksync API has no "${String(name)}". Restart the app so its window and its host match.`,
    );
  }
  if (!Array.isArray(args)) {
    return failure(
      "bad_request",
      `The arguments of "${name}" must be a list. Restart the app and try again.`,
    );
  }
  try {
    const method = api[name] as (...input: unknown[]) => Promise<unknown>;
    return { ok: true, value: await method.apply(api, args) };
  } catch (error) {
    return { ok: false, error: wireError(error) };
  }
}

function failure(code: string, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

/** Linksync's errors carry a code and a sentence meant for the user (and never a secret); keep both. */
export function wireError(error: unknown): { code: string; message: string } {
  if (isLinksyncError(error)) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: "internal", message: error.message };
  return { code: "internal", message: "Something unexpected went wrong. Try again, or restart Linksync." };
}
