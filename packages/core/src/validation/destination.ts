import { checkDestinationRules, MAX_DESTINATION_LENGTH } from "@linksync/link-contract";
import type { RowProblem } from "./row-problem";

export { MAX_DESTINATION_LENGTH, sameDestination } from "@linksync/link-contract";

export type DestinationCheck =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly problem: RowProblem };

/**
 * Checks a Destination as typed in Notion, by the rules the shortener applies too (`@linksync/link-contract`), and
 * says what to do in words a marketer reads on the row. Surrounding whitespace is ignored; the URL is otherwise kept
 * verbatim, so what the link points to is exactly what the user wrote.
 */
export function checkDestination(raw: string | null): DestinationCheck {
  const verdict = checkDestinationRules(raw);
  if (verdict.ok) return verdict;
  const url = raw?.trim() ?? "";
  const problem = (message: string): DestinationCheck => ({
    ok: false,
    problem: { code: verdict.code, column: "destination", message },
  });
  switch (verdict.code) {
    case "destination_missing":
      return problem(
        "Destination is empty. Paste the full web address the short link should open, starting with https://.",
      );
    case "destination_too_long":
      return problem(
        `Destination is ${url.length.toLocaleString("en-US")} characters long; short links accept at most ${MAX_DESTINATION_LENGTH.toLocaleString("en-US")}. Shorten the address, for example by removing tracking parameters.`,
      );
    case "destination_unsafe_scheme":
      return problem(
        `Destination is a "${verdict.scheme}:" address, which short links never open because it can run code or read files. Use a web address starting with https://.`,
      );
    case "destination_unsupported_scheme":
      return problem(
        `Destination starts with "${verdict.scheme}:", but short links can only open web pages. Use an address starting with https:// or http://.`,
      );
    case "destination_not_absolute":
      return problem(
        `Destination "${preview(url)}" is not a full web address. Start it with https:// (for example https://example.com/page).`,
      );
    case "destination_credentials":
      return problem(
        "Destination contains a user name or password before the @ sign. Remove them: anyone with the short link could read them.",
      );
  }
}

/** A short echo of what was typed; never echoes a value that may hold credentials. */
function preview(url: string): string {
  if (url.includes("@")) return "(address with an @ sign)";
  return url.length > 60 ? `${url.slice(0, 57)}...` : url;
}
