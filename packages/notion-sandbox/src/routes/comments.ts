import type { CommentObjectResponse, ListCommentsResponse } from "@notionhq/client";
import { bodyFieldError, validationError } from "../errors/api-error";
import { bearerRoute, type Route } from "../http/route";
import { isObject } from "../properties/json-shape";
import { parseRichText } from "../properties/rich-text";
import { paginate, parsePageSize } from "../query/pagination";
import { renderComment } from "../render/comments";
import { visiblePage } from "./lookup";

export const commentRoutes: Route[] = [
  bearerRoute({
    method: "POST",
    pattern: "/v1/comments",
    capability: "insert_comments",
    handler: async (context) => {
      const body = await context.json();
      const richText = parseRichText(body.rich_text, "body.rich_text");
      const { store, render } = context.services;
      let pageId: string;
      let discussionId: string | null = null;
      if (isObject(body.parent) && typeof body.parent.page_id === "string") {
        pageId = visiblePage(context, body.parent.page_id).id;
      } else if (typeof body.discussion_id === "string") {
        const wanted = body.discussion_id;
        const earlier = [...store.comments.values()].find((comment) => comment.discussionId === wanted);
        if (!earlier) throw validationError(`Could not find discussion with ID: ${wanted}.`);
        pageId = visiblePage(context, earlier.pageId).id;
        discussionId = wanted;
      } else {
        throw bodyFieldError("body.parent.page_id", "should be defined", undefined);
      }
      const comment = store.addComment(pageId, discussionId, richText, context.principal.bot.id);
      const response: CommentObjectResponse = renderComment(comment, render);
      return { json: response };
    },
  }),
  bearerRoute({
    method: "GET",
    pattern: "/v1/comments",
    capability: "read_comments",
    handler: (context) => {
      const blockId = context.query.get("block_id");
      if (blockId === null) throw bodyFieldError("query.block_id", "should be defined", undefined);
      const page = visiblePage(context, blockId);
      const { store, render } = context.services;
      const comments = [...store.comments.values()].filter((comment) => comment.pageId === page.id);
      const slice = paginate(
        comments,
        (comment) => comment.id,
        context.query.get("start_cursor") ?? undefined,
        parsePageSize(context.query.get("page_size") ?? undefined, "query"),
      );
      const response: ListCommentsResponse = {
        object: "list",
        type: "comment",
        comment: {},
        results: slice.results.map((comment) => renderComment(comment, render)),
        next_cursor: slice.next_cursor,
        has_more: slice.has_more,
      };
      return { json: response };
    },
  }),
];
