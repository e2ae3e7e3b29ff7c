/** The Unfurling Domain & Patterns settings of a Link Preview integration. */
export interface UnfurlMatcher {
  /** The root domain; its subdomains match too. */
  domain: string;
  /** Regular expressions (JavaScript syntax, named groups allowed) a URL must match to unfurl. */
  patterns: readonly string[];
}

/** Whether Notion would unfurl `url` for this integration: host within the domain and some pattern matching. */
export function matchesUnfurl(matcher: UnfurlMatcher, url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  const domain = matcher.domain.toLowerCase();
  if (host !== domain && !host.endsWith(`.${domain}`)) return false;
  return matcher.patterns.some((pattern) => new RegExp(pattern).test(url));
}

/** Refuses settings Notion's dashboard would refuse: a pattern that is not a valid regular expression. */
export function checkPatterns(patterns: readonly string[]): void {
  if (patterns.length === 0) throw new Error("A Link Preview integration needs at least one URL pattern.");
  for (const pattern of patterns) {
    try {
      new RegExp(pattern);
    } catch (error) {
      throw new Error(
        `URL pattern ${pattern} is not a valid regular expression: ${(error as Error).message}`,
      );
    }
  }
}
