/** Destinations are stored exactly as given (so a sync engine comparing them sees no spurious change). */
export const MAX_DESTINATION_LENGTH = 2048;

export type DestinationCheck =
  | { readonly ok: true; readonly url: URL }
  | { readonly ok: false; readonly reason: string };

const REFUSED_SCHEMES: Readonly<Record<string, string>> = {
  "javascript:": "it would run code in the visitor's browser",
  "vbscript:": "it would run code in the visitor's browser",
  "data:": "it embeds content instead of pointing to a page, a common phishing trick",
  "file:": "it points to a file on the visitor's own computer",
  "blob:": "it only exists inside one browser tab",
};

/** Decides whether a link may redirect to `destination`; the reason is a sentence the user can act on. */
export function checkDestination(destination: string): DestinationCheck {
  if (destination.length > MAX_DESTINATION_LENGTH) {
    return refuse(
      `Destination is ${destination.length} characters long; the limit is ${MAX_DESTINATION_LENGTH}. Use a shorter URL.`,
    );
  }
  const scheme = /^\s*([a-z][a-z0-9+.-]*:)/i.exec(destination)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    return refuse(
      `Destination must be an absolute URL starting with http:// or https:// (got "${preview(destination)}").`,
    );
  }
  const danger = REFUSED_SCHEMES[scheme];
  if (danger)
    return refuse(`Destination uses a ${scheme} URL, refused because ${danger}. Use an http(s) URL.`);
  if (scheme !== "http:" && scheme !== "https:") {
    return refuse(`Destination must be an http(s) URL; ${scheme} URLs are not supported.`);
  }
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    return refuse(`Destination "${preview(destination)}" is not a valid URL. Check it for typos.`);
  }
  if (url.hostname === "")
    return refuse("Destination has no host name. Use a full URL such as https://example.com.");
  if (url.username !== "" || url.password !== "") {
    return refuse(
      "Destination contains credentials (user:password@); remove them, every visitor of the short link would see them.",
    );
  }
  return { ok: true, url };
}

function refuse(reason: string): DestinationCheck {
  return { ok: false, reason };
}

function preview(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}
