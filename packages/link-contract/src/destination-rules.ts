/**
 * The Destination rules, one for the engine (a Destination typed in Notion) and the shortener (a link's target):
 * a value one side accepts, the other accepts too. Each side words the problem for its own readers.
 */

/** Longest Destination accepted: Notion's limit for a url property, so every value fits both sides. */
export const MAX_DESTINATION_LENGTH = 2000;

export type DestinationProblemCode =
  | "destination_missing"
  | "destination_too_long"
  | "destination_unsafe_scheme"
  | "destination_unsupported_scheme"
  | "destination_not_absolute"
  | "destination_credentials";

export type DestinationVerdict =
  | { readonly ok: true; readonly url: string }
  | {
      readonly ok: false;
      readonly code: DestinationProblemCode;
      /** The scheme named by `destination_unsafe_scheme` / `destination_unsupported_scheme`, lower case, no colon. */
      readonly scheme?: string;
      /** The trimmed value's length, for `destination_too_long`. */
      readonly length?: number;
    };

/** Schemes a short link never opens, and why (a sentence fragment). */
export const UNSAFE_SCHEMES: Readonly<Record<string, string>> = {
  javascript: "it would run code in the visitor's browser",
  vbscript: "it would run code in the visitor's browser",
  data: "it embeds content instead of pointing to a page, a common phishing trick",
  file: "it points to a file on the visitor's own computer",
  blob: "it only exists inside one browser tab",
};

/**
 * Checks a Destination. Surrounding whitespace is ignored (Notion keeps what was pasted); the URL is otherwise kept
 * verbatim, so what the link points to is exactly what the user wrote.
 */
export function checkDestinationRules(raw: string | null): DestinationVerdict {
  const url = raw?.trim() ?? "";
  if (url === "") return { ok: false, code: "destination_missing" };
  if (url.length > MAX_DESTINATION_LENGTH)
    return { ok: false, code: "destination_too_long", length: url.length };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme && Object.hasOwn(UNSAFE_SCHEMES, scheme)) {
    return { ok: false, code: "destination_unsafe_scheme", scheme };
  }
  if (scheme && scheme !== "http" && scheme !== "https" && !looksLikeHostAndPort(url)) {
    return { ok: false, code: "destination_unsupported_scheme", scheme };
  }
  const parsed = /^https?:\/\//i.test(url) ? parseUrl(url) : null;
  if (!parsed || parsed.hostname === "") return { ok: false, code: "destination_not_absolute" };
  if (parsed.username !== "" || parsed.password !== "") return { ok: false, code: "destination_credentials" };
  return { ok: true, url };
}

/**
 * Whether two destinations point to the same place, ignoring what URL parsers normalise (host case, default
 * port, a root path's trailing slash): a provider that normalises must not look like an edit.
 */
export function sameDestination(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const left = a.trim();
  const right = b.trim();
  if (left === right) return true;
  const parsedLeft = parseUrl(left);
  const parsedRight = parseUrl(right);
  return parsedLeft !== null && parsedRight !== null && parsedLeft.href === parsedRight.href;
}

function parseUrl(url: string): URL | null {
  // `URL.canParse` first: a value that is not a URL at all is an answer here, not a failure.
  return URL.canParse(url) ? new URL(url) : null;
}

/** `example.com:8080/x` parses as scheme "example.com": it is a missing https://, not another scheme. */
function looksLikeHostAndPort(url: string): boolean {
  return /^[a-z0-9.-]+\.[a-z]{2,}:\d+/i.test(url);
}
