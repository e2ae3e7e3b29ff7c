import type { RowProblem } from "./row-problem";

/** Longest destination accepted, as in the shortener and most providers (Bitly, Dub). */
export const MAX_DESTINATION_LENGTH = 2048;

export type DestinationCheck =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly problem: RowProblem };

const UNSAFE_SCHEMES = new Set(["javascript", "data", "file", "vbscript", "blob"]);

/**
 * Checks a Destination as typed in Notion. Surrounding whitespace is ignored (Notion keeps what was pasted);
 * the URL is otherwise kept verbatim, so what the link points to is exactly what the user wrote.
 */
export function checkDestination(raw: string | null): DestinationCheck {
  const url = raw?.trim() ?? "";
  if (url === "") {
    return fail(
      "destination_missing",
      "Destination is empty. Paste the full web address the short link should open, starting with https://.",
    );
  }
  if (url.length > MAX_DESTINATION_LENGTH) {
    return fail(
      "destination_too_long",
      `Destination is ${url.length.toLocaleString("en-US")} characters long; short links accept at most 2,048. Shorten the address, for example by removing tracking parameters.`,
    );
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme && UNSAFE_SCHEMES.has(scheme)) {
    return fail(
      "destination_unsafe_scheme",
      `Destination is a "${scheme}:" address, which short links never open because it can run code or read files. Use a web address starting with https://.`,
    );
  }
  if (scheme && scheme !== "http" && scheme !== "https" && !looksLikeHostAndPort(url)) {
    return fail(
      "destination_unsupported_scheme",
      `Destination starts with "${scheme}:", but short links can only open web pages. Use an address starting with https:// or http://.`,
    );
  }
  const parsed = /^https?:\/\//i.test(url) ? parse(url) : null;
  if (!parsed || parsed.hostname === "") {
    return fail(
      "destination_not_absolute",
      `Destination "${preview(url)}" is not a full web address. Start it with https:// (for example https://example.com/page).`,
    );
  }
  if (parsed.username !== "" || parsed.password !== "") {
    return fail(
      "destination_credentials",
      "Destination contains a user name or password before the @ sign. Remove them: anyone with the short link could read them.",
    );
  }
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
  const parsedLeft = parse(left);
  const parsedRight = parse(right);
  return parsedLeft !== null && parsedRight !== null && parsedLeft.href === parsedRight.href;
}

function fail(code: RowProblem["code"], message: string): DestinationCheck {
  return { ok: false, problem: { code, column: "destination", message } };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    // Not a URL at all: callers report it (checkDestination) or compare the raw strings (sameDestination).
    return null;
  }
}

/** `example.com:8080/x` parses as scheme "example.com": it is a missing https://, not another scheme. */
function looksLikeHostAndPort(url: string): boolean {
  return /^[a-z0-9.-]+\.[a-z]{2,}:\d+/i.test(url);
}

/** A short echo of what was typed; never echoes a value that may hold credentials. */
function preview(url: string): string {
  if (url.includes("@")) return "(address with an @ sign)";
  return url.length > 60 ? `${url.slice(0, 57)}...` : url;
}
