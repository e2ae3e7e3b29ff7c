import type { ListUsersResponse, UserObjectResponse } from "@notionhq/client";
import { ApiError } from "../errors/api-error";
import { bearerRoute, type Route } from "../http/route";
import { paginate, parsePageSize } from "../query/pagination";
import { renderBotSelf, renderUser } from "../render/users";
import { param } from "./lookup";

export const userRoutes: Route[] = [
  bearerRoute({
    method: "GET",
    pattern: "/v1/users/me",
    handler: ({ principal, services }) => {
      const body: UserObjectResponse = renderBotSelf(principal.bot, services.store.workspace);
      return { json: body };
    },
  }),
  bearerRoute({
    method: "GET",
    pattern: "/v1/users/{user_id}",
    handler: (context) => {
      const id = param(context, "user_id");
      const user = context.services.store.users.get(id);
      if (!user) throw new ApiError("object_not_found", `Could not find user with ID: ${id}.`);
      const body: UserObjectResponse = renderUser(user);
      return { json: body };
    },
  }),
  bearerRoute({
    method: "GET",
    pattern: "/v1/users",
    handler: ({ services, query }) => {
      const users = [...services.store.users.values()];
      const slice = paginate(
        users,
        (user) => user.id,
        query.get("start_cursor") ?? undefined,
        parsePageSize(query.get("page_size") ?? undefined, "query"),
      );
      const body: ListUsersResponse = {
        object: "list",
        type: "user",
        user: {},
        results: slice.results.map(renderUser),
        next_cursor: slice.next_cursor,
        has_more: slice.has_more,
      };
      return { json: body };
    },
  }),
];
