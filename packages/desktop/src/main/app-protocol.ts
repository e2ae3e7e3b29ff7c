import type { Protocol } from "electron";
import { readAsset } from "../host/renderer-files";
import { CONTENT_SECURITY_POLICY } from "../host/security/content-security-policy";

/**
 * The app's pages load from `app://linksync/…` rather than file://: a standard, secure origin of their own, so the
 * CSP's 'self' means our files only, no file:// privileges are needed (the GrantFileProtocolExtraPrivileges fuse is
 * off), and nothing outside the built renderer can be read.
 */
export const APP_SCHEME = "app";
export const APP_HOST = "linksync";
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Must run before the app is ready. */
export function registerAppScheme(protocol: Pick<Protocol, "registerSchemesAsPrivileged">): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** The answer to one `app://` request: a file of the built renderer with the CSP, or 404. */
export async function appResponse(rendererRoot: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  const asset = url.host === APP_HOST ? await readAsset(rendererRoot, url.pathname) : null;
  if (!asset) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  return new Response(new Uint8Array(asset.body), {
    headers: {
      "content-type": asset.contentType,
      "content-security-policy": CONTENT_SECURITY_POLICY,
      "x-content-type-options": "nosniff",
    },
  });
}

export function serveApp(protocol: Pick<Protocol, "handle">, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererRoot, request.url));
}
