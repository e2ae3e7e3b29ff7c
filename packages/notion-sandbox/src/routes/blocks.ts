import type {
  AppendBlockChildrenResponse,
  BlockObjectResponse,
  ListBlockChildrenResponse,
} from "@notionhq/client";
import { notFound } from "../auth/access";
import { parseBlockContent, parseBlockList } from "../blocks/block-requests";
import { bodyFieldError, validationError } from "../errors/api-error";
import { allowOnlyFields } from "../http/body-fields";
import { type BearerContext, bearerRoute, type Route } from "../http/route";
import { normaliseId } from "../ids/ids";
import { isObject } from "../properties/json-shape";
import { paginate, parsePageSize } from "../query/pagination";
import { renderBlock } from "../render/blocks";
import type { BlockRecord, PageRecord } from "../store/types";
import { versionAtLeast } from "../versions/api-version";
import { archivedError } from "./archived";
import { param, visiblePage } from "./lookup";

export const blockRoutes: Route[] = [
  bearerRoute({
    method: "GET",
    pattern: "/v1/blocks/{block_id}",
    capability: "read_content",
    handler: (context) => {
      const response: BlockObjectResponse = renderBlock(visibleBlock(context), context.services.render);
      return { json: response };
    },
  }),
  bearerRoute({
    method: "PATCH",
    pattern: "/v1/blocks/{block_id}",
    capability: "update_content",
    handler: async (context) => {
      const block = visibleBlock(context);
      const body = await context.json();
      const trashKeys = versionAtLeast(context.version, "2026-03-11")
        ? ["in_trash"]
        : ["in_trash", "archived"];
      allowOnlyFields(body, ["type", block.type, ...trashKeys]);
      const inTrash = body.in_trash ?? body.archived;
      if (inTrash !== undefined && typeof inTrash !== "boolean") {
        throw bodyFieldError("body.in_trash", "should be a boolean", inTrash);
      }
      if ((block.inTrash || pageOf(context, block).state.inTrash) && inTrash !== false) throw archivedError();
      const raw = body[block.type];
      let content: Record<string, unknown> | undefined;
      if (raw !== undefined) {
        if (!isObject(raw)) throw bodyFieldError(`body.${block.type}`, "should be an object", raw);
        const parsed = parseBlockContent(block.type, raw, `body.${block.type}`, block.content);
        if (parsed.children !== undefined) {
          throw bodyFieldError(`body.${block.type}.children`, "should be not present", parsed.children);
        }
        content = parsed.content;
      }
      context.services.store.updateBlock(
        block,
        { ...(content ? { content } : {}), ...(inTrash !== undefined ? { inTrash } : {}) },
        context.principal.bot.id,
      );
      const response: BlockObjectResponse = renderBlock(block, context.services.render);
      return { json: response };
    },
  }),
  bearerRoute({
    method: "DELETE",
    pattern: "/v1/blocks/{block_id}",
    capability: "update_content",
    handler: (context) => {
      const block = visibleBlock(context);
      if (block.inTrash) throw archivedError();
      context.services.store.updateBlock(block, { inTrash: true }, context.principal.bot.id);
      const response: BlockObjectResponse = renderBlock(block, context.services.render);
      return { json: response };
    },
  }),
  bearerRoute({
    method: "GET",
    pattern: "/v1/blocks/{block_id}/children",
    capability: "read_content",
    handler: (context) => {
      const parent = visibleParent(context);
      const slice = paginate(
        context.services.store.childBlocks(parent.id),
        (block) => block.id,
        context.query.get("start_cursor") ?? undefined,
        parsePageSize(context.query.get("page_size") ?? undefined, "query"),
      );
      const response: ListBlockChildrenResponse = {
        object: "list",
        type: "block",
        block: {},
        results: slice.results.map((block) => renderBlock(block, context.services.render)),
        next_cursor: slice.next_cursor,
        has_more: slice.has_more,
      };
      return { json: response };
    },
  }),
  bearerRoute({
    method: "PATCH",
    pattern: "/v1/blocks/{block_id}/children",
    capability: "insert_content",
    handler: async (context) => {
      const parent = visibleParent(context);
      const body = await context.json();
      const modern = versionAtLeast(context.version, "2026-03-11");
      allowOnlyFields(body, modern ? ["children", "position"] : ["children", "after", "position"]);
      if (parent.inTrash) throw archivedError();
      const blocks = parseBlockList(body.children, "body.children");
      const place = parsePlace(context, parent, body);
      const created = context.services.store.appendBlocks(
        parent.kind === "page" ? { type: "page_id", id: parent.id } : { type: "block_id", id: parent.id },
        parent.pageId,
        blocks,
        context.principal.bot.id,
        place,
      );
      const response: AppendBlockChildrenResponse = {
        object: "list",
        type: "block",
        block: {},
        results: created.map((block) => renderBlock(block, context.services.render)),
        next_cursor: null,
        has_more: false,
      };
      return { json: response };
    },
  }),
];

interface BlockParent {
  kind: "page" | "block";
  id: string;
  pageId: string;
  inTrash: boolean;
}

function pageOf(context: BearerContext, block: BlockRecord): PageRecord {
  return visiblePage(context, block.pageId);
}

function visibleBlock(context: BearerContext): BlockRecord {
  const id = param(context, "block_id");
  const block = context.services.store.blocks.get(id);
  if (!block) throw notFound("block", id, context.principal);
  pageOf(context, block);
  return block;
}

/** A page or a block: both have children. */
function visibleParent(context: BearerContext): BlockParent {
  const id = param(context, "block_id");
  const block = context.services.store.blocks.get(id);
  if (block) {
    const page = pageOf(context, block);
    return { kind: "block", id, pageId: page.id, inTrash: block.inTrash || page.state.inTrash };
  }
  const page = visiblePage(context, id);
  return { kind: "page", id: page.id, pageId: page.id, inTrash: page.state.inTrash };
}

function parsePlace(
  context: BearerContext,
  parent: BlockParent,
  body: Record<string, unknown>,
): { afterId: string } | "start" | "end" {
  const sibling = (raw: unknown, path: string): { afterId: string } => {
    const id = typeof raw === "string" ? normaliseId(raw) : undefined;
    const block = id ? context.services.store.blocks.get(id) : undefined;
    if (!block || block.parent.id !== parent.id) {
      throw validationError(
        `${path} should be the id of a child of ${parent.id}, instead was ${JSON.stringify(raw)}.`,
      );
    }
    return { afterId: block.id };
  };
  if (body.after !== undefined) return sibling(body.after, "body.after");
  if (body.position === undefined) return "end";
  const position = body.position;
  if (!isObject(position)) throw bodyFieldError("body.position", "should be an object", position);
  switch (position.type) {
    case "start":
      return "start";
    case "end":
      return "end";
    case "after_block":
      return sibling(
        isObject(position.after_block) ? position.after_block.id : undefined,
        "body.position.after_block.id",
      );
    default:
      throw bodyFieldError(
        "body.position.type",
        'should be `"after_block"`, `"start"` or `"end"`',
        position.type,
      );
  }
}
