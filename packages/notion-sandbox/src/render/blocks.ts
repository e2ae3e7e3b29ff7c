import type { BlockObjectResponse } from "@notionhq/client";
import { toMinuteIso } from "../clock/clock";
import type { BlockRecord } from "../store/types";
import type { RenderContext } from "./context";
import { partialUser } from "./users";

export function renderBlock(block: BlockRecord, context: RenderContext): BlockObjectResponse {
  const rendered = {
    object: "block",
    id: block.id,
    parent:
      block.parent.type === "page_id"
        ? { type: "page_id", page_id: block.parent.id }
        : { type: "block_id", block_id: block.parent.id },
    created_time: toMinuteIso(block.createdTime),
    created_by: partialUser(block.createdBy),
    last_edited_time: toMinuteIso(block.lastEditedTime),
    last_edited_by: partialUser(block.lastEditedBy),
    has_children: context.store.childBlocks(block.id).length > 0,
    in_trash: block.inTrash,
    archived: block.inTrash,
    type: block.type,
    [block.type]: block.content,
  };
  // The type's object was validated against Notion's request shape when stored (blocks/block-requests.ts);
  // TypeScript cannot follow a computed key into the 37-member union.
  return rendered as unknown as BlockObjectResponse;
}
