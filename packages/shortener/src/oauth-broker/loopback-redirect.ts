/**
 * RFC 8252 §7.3: a native app receives the OAuth answer on a loopback IP literal, on any port it was given by the
 * OS. `localhost` is refused (it can resolve elsewhere), and so is every other host, so the broker never hands a
 * code to a web page.
 */
export function loopbackRedirectProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "redirect_uri is not an absolute URL.";
  }
  if (url.protocol !== "http:") return "redirect_uri must use http:// on a loopback address (RFC 8252).";
  if (url.hostname !== "127.0.0.1" && url.hostname !== "[::1]") {
    return "redirect_uri must point at 127.0.0.1 or [::1]; the broker only answers desktop apps on this machine.";
  }
  if (url.username !== "" || url.password !== "" || url.hash !== "") {
    return "redirect_uri must not carry credentials or a fragment.";
  }
  return null;
}
