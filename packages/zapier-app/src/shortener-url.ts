/**
 * The Shortener Base URL every request with the connection's API key goes to. It must be https: the key travels in
 * the Authorization header. Plain http is accepted only for a loopback address, which only a development machine
 * (a shortener running beside the tests or `zapier-platform invoke`) can reach; from Zapier's servers it leads
 * nowhere.
 */
export type ShortenerUrlCheck =
  | { readonly ok: true; readonly url: string; readonly host: string }
  | { readonly ok: false; readonly problem: string };

export function checkShortenerBaseUrl(raw: string): ShortenerUrlCheck {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse(
      `The Shortener Base URL "${text.slice(0, 100)}" is not a web address. Enter it as https://go.example.com.`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    return refuse(
      "The Shortener Base URL must be the shortener's address alone, e.g. https://go.example.com: no user name, password, query or #fragment.",
    );
  }
  const secure = url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname));
  if (!secure) {
    return refuse(
      `The Shortener Base URL must start with https:// (got ${url.protocol}//${url.host}): the API key is sent there with every request. Plain http is accepted only for a loopback address in development.`,
    );
  }
  return { ok: true, url: `${url.origin}${url.pathname}`.replace(/\/+$/, ""), host: url.host };
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

function refuse(problem: string): ShortenerUrlCheck {
  return { ok: false, problem };
}
