import { NOTION_VERSION } from "@linksync/core";
import type { BeforeRequestMiddleware } from "zapier-platform-core";
import { notionBaseUrl } from "./config";

/**
 * Signs the app's own Notion requests (the auth test and anything else made with `z.request`): the access token as
 * a Bearer header unless the request already carries its own (the token exchange uses HTTP Basic client auth), and
 * the Notion API version core pins, so every answer has the shapes core reads. Requests elsewhere are left untouched
 * so a token never leaves for another host.
 */
export const signNotionRequests: BeforeRequestMiddleware = (request, _z, bundle) => {
  if (!request.url.startsWith(`${notionBaseUrl()}/`)) return request;
  const headers: Record<string, string> = { ...request.headers, "Notion-Version": NOTION_VERSION };
  const token = bundle.authData.access_token;
  const signed = Object.keys(headers).some((key) => key.toLowerCase() === "authorization");
  if (token && !signed) headers.Authorization = `Bearer ${token}`;
  return { ...request, headers };
};
