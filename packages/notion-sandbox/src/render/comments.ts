import type { CommentObjectResponse } from "@notionhq/client";
import { toMinuteIso } from "../clock/clock";
import type { CommentRecord } from "../store/types";
import type { RenderContext } from "./context";
import { partialUser } from "./users";

type AttachmentCategory = NonNullable<CommentObjectResponse["attachments"]>[number]["category"];

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
    display_name:
      comment.customName !== undefined
        ? { type: "custom", resolved_name: comment.customName }
        : { type: author?.kind === "person" ? "user" : "integration", resolved_name: author?.name ?? null },
    ...(comment.attachments
      ? {
          attachments: comment.attachments.map((uploadId) => ({
            category: attachmentCategory(context.store.fileUploads.get(uploadId)?.contentType ?? null),
            file: context.fileLink(uploadId),
          })),
        }
      : {}),
  };
}

function attachmentCategory(contentType: string | null): AttachmentCategory {
  if (contentType?.startsWith("image/")) return "image";
  if (contentType?.startsWith("audio/")) return "audio";
  if (contentType?.startsWith("video/")) return "video";
  if (contentType === "application/pdf") return "pdf";
  return "productivity";
}
