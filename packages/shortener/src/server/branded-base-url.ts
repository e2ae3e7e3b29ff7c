/** Checks the configured base of short URLs and drops a trailing slash, so `${base}/${slug}` is always right. */
export function normalizeBrandedBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`brandedBaseUrl "${value}" is not a URL; use one like https://go.acme.com.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`brandedBaseUrl must be an http(s) URL (got ${url.protocol}).`);
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new Error(
      "brandedBaseUrl must not carry a query, a fragment or credentials; use one like https://go.acme.com.",
    );
  }
  return url.href.replace(/\/+$/, "");
}
