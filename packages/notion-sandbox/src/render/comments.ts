import type { CommentObjectResponse, FileUploadObjectResponse } from "@notionhq/client";
import { toIso, toMinuteIso } from "../clock/clock";
import type { CommentRecord, FileUploadRecord } from "../store/types";
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

export function renderFileUpload(upload: FileUploadRecord, context: RenderContext): FileUploadObjectResponse {
  const creator = context.store.users.get(upload.createdBy);
  return {
    object: "file_upload",
    id: upload.id,
    created_time: toMinuteIso(upload.createdTime),
    created_by: { id: upload.createdBy, type: creator?.kind === "person" ? "person" : "bot" },
    last_edited_time: toMinuteIso(upload.lastEditedTime),
    expiry_time: upload.attached ? null : toIso(upload.expiryTime),
    ...(upload.status === "pending"
      ? { upload_url: `${context.baseUrl}/v1/file_uploads/${upload.id}/send` }
      : {}),
    in_trash: false,
    status: upload.status,
    filename: upload.filename,
    content_type: upload.contentType,
    content_length: upload.contentLength,
    archived: false,
  };
}
