import type { CommentObjectResponse } from "@notionhq/client";
import { toMinuteIso } from "../clock/clock";
import type { CommentRecord } from "../store/types";
import type { RenderContext } from "./context";
import { partialUser } from "./users";

export function renderComment(comment: CommentRecord, context: RenderContext): CommentObjectResponse {
  const author = context.store.users.get(comment.createdBy);
  return {
    object: "comment",
    id: comment.id,
    parent: { type: "page_id", page_id: comment.pageId },
    discussion_id: comment.discussionId,
    created_time: toMinuteIso(comment.createdTime),
    last_edited_time: toMinuteIso(comment.createdTime),
    created_by: partialUser(comment.createdBy),
    rich_text: comment.richText,
    display_name: {
      type: author?.kind === "person" ? "user" : "integration",
      resolved_name: author?.name ?? null,
    },
  };
}
