import type { CommentObjectResponse, ListCommentsResponse } from "@notionhq/client";
import { bodyFieldError, validationError } from "../errors/api-error";
import { allowOnlyFields } from "../http/body-fields";
import { type BearerContext, bearerRoute, type Route } from "../http/route";
import { isObject } from "../properties/json-shape";
import { parseRichText } from "../properties/rich-text";
import { paginate, parsePageSize } from "../query/pagination";
import { renderComment } from "../render/comments";
import { visiblePage } from "./lookup";

/** Notion takes at most three attachments per comment. */
const MAX_ATTACHMENTS = 3;

export const commentRoutes: Route[] = [
  bearerRoute({
    method: "POST",
    pattern: "/v1/comments",
    capability: "insert_comments",
    handler: async (context) => {
      const body = await context.json();
      allowOnlyFields(body, ["parent", "discussion_id", "rich_text", "attachments", "display_name"]);
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
      const attachments = parseAttachments(context, body.attachments);
      const customName = parseDisplayName(body.display_name);
      const comment = store.addComment(pageId, discussionId, richText, context.principal.bot.id, {
        attachments,
        ...(customName !== undefined ? { customName } : {}),
      });
      for (const uploadId of attachments) {
        const upload = store.fileUploads.get(uploadId);
        if (upload && !upload.attached) store.touchFileUpload(upload, { attached: true });
      }
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
      // Notion lists open discussions only: once a person resolves one, its comments leave the listing.
      const comments = [...store.comments.values()].filter(
        (comment) => comment.pageId === page.id && !store.resolvedDiscussions.has(comment.discussionId),
      );
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

function parseAttachments(context: BearerContext, raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw bodyFieldError("body.attachments", "should be an array", raw);
  if (raw.length > MAX_ATTACHMENTS) {
    throw bodyFieldError("body.attachments.length", `should be ≤ \`${MAX_ATTACHMENTS}\``, raw.length);
  }
  return raw.map((entry, index) => {
    const path = `body.attachments[${index}]`;
    if (!isObject(entry)) throw bodyFieldError(path, "should be an object", entry);
    allowOnlyFields(entry, ["file_upload_id", "type"], path);
    if (entry.type !== undefined && entry.type !== "file_upload") {
      throw bodyFieldError(`${path}.type`, 'should be `"file_upload"`', entry.type);
    }
    const id = entry.file_upload_id;
    if (typeof id !== "string") throw bodyFieldError(`${path}.file_upload_id`, "should be a string", id);
    const upload = context.services.store.fileUploads.get(id);
    if (!upload) throw validationError(`Could not find file upload with ID: ${id}.`);
    if (upload.status !== "uploaded") {
      throw validationError(
        `File upload ${id} has status "${upload.status}"; send its content before attaching it.`,
      );
    }
    return upload.id;
  });
}

/** `display_name`: the integration's own name (default), or a custom one. */
function parseDisplayName(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) throw bodyFieldError("body.display_name", "should be an object", raw);
  if (raw.type === "integration") return undefined;
  if (raw.type === "custom" && isObject(raw.custom) && typeof raw.custom.name === "string")
    return raw.custom.name;
  throw bodyFieldError(
    "body.display_name.type",
    'should be `"integration"` or `"custom"` with `custom.name`',
    raw.type,
  );
}
