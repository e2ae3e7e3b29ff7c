/**
 * Whether an IPC message comes from our own window's page: `app://linksync/…` or, in development, the dev server.
 * A frame that navigated elsewhere (or a subframe) must not drive the agent.
 */
export function isTrustedSenderUrl(senderUrl: string, rendererUrl: string): boolean {
  if (!URL.canParse(senderUrl) || !URL.canParse(rendererUrl)) return false;
  const sender = new URL(senderUrl);
  const expected = new URL(rendererUrl);
  if (expected.protocol === "file:")
    return sender.protocol === "file:" && sender.pathname === expected.pathname;
  if (expected.protocol === "http:" || expected.protocol === "https:")
    return sender.origin === expected.origin;
  // Custom schemes have an opaque origin ("null" for every app:// page): compare scheme and host instead.
  return sender.protocol === expected.protocol && sender.host === expected.host;
}
