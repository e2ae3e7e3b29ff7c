import { checkDestinationRules, MAX_DESTINATION_LENGTH, UNSAFE_SCHEMES } from "@linksync/link-contract";

/** Destinations are stored exactly as given (so a sync engine comparing them sees no spurious change). */
export { MAX_DESTINATION_LENGTH } from "@linksync/link-contract";

export type DestinationCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Decides whether a link may redirect to `destination` by the rules the engine applies too
 * (`@linksync/link-contract`); the reason is a sentence an API user can act on.
 */
export function checkDestination(destination: string): DestinationCheck {
  const verdict = checkDestinationRules(destination);
  if (verdict.ok) return { ok: true };
  switch (verdict.code) {
    case "destination_missing":
      return refuse("Destination is required: an absolute URL starting with http:// or https://.");
    case "destination_too_long":
      return refuse(
        `Destination is ${verdict.length} characters long; the limit is ${MAX_DESTINATION_LENGTH}. Use a shorter URL.`,
      );
    case "destination_unsafe_scheme":
      return refuse(
        `Destination uses a ${verdict.scheme}: URL, refused because ${UNSAFE_SCHEMES[verdict.scheme ?? ""]}. Use an http(s) URL.`,
      );
    case "destination_unsupported_scheme":
      return refuse(`Destination must be an http(s) URL; ${verdict.scheme}: URLs are not supported.`);
    case "destination_not_absolute":
      return refuse(
        /^https?:\/\//i.test(destination.trim())
          ? `Destination "${preview(destination)}" is not a valid URL. Check it for typos.`
          : `Destination must be an absolute URL starting with http:// or https:// (got "${preview(destination)}").`,
      );
    case "destination_credentials":
      return refuse(
        "Destination contains credentials (user:password@); remove them, every visitor of the short link would see them.",
      );
  }
}

function refuse(reason: string): DestinationCheck {
  return { ok: false, reason };
}

function preview(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}
