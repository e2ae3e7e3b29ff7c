import { bearerRoute, type Route } from "../http/route";

/** Link Preview updates from the integration's service, with the Notion token of the connected account. */
export const externalObjectRoutes: Route[] = [
  bearerRoute({
    method: "PATCH",
    pattern: "/v1/external/object",
    handler: async ({ services, principal, json }) => ({
      json: services.linkPreviews.updateExternalObject(principal.token.tokenHash, await json()),
    }),
  }),
];
