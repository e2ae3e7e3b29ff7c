import type { UpdatePageParameters } from "@notionhq/client";
import type { FieldMap } from "../fields/field-map";
import { fitsRichText, splitRichText } from "../validation/rich-text";
import { tagCountProblem, tagProblem } from "../validation/tags";
import { CodecError } from "./codec-error";
import type { QrAttachment, RowPatch, RowPatchRole } from "./row-patch";

export type PagePropertiesRequest = NonNullable<UpdatePageParameters["properties"]>;
type PropertyValueRequest = PagePropertiesRequest[string];
export type RichTextRequest = Extract<PropertyValueRequest, { rich_text: unknown }>["rich_text"];

type Encoders = {
  readonly [R in RowPatchRole]-?: (value: Exclude<RowPatch[R], undefined>) => PropertyValueRequest;
};

const encoders: Encoders = {
  destination: (url) => ({ url }),
  tags: (tags) => {
    const tooMany = tagCountProblem(tags.length);
    if (tooMany) throw new CodecError("invalid_value", tooMany.message);
    return { multi_select: tags.map(checkedTag) };
  },
  shortUrl: (url) => ({ url }),
  clicks: (count) => {
    if (!Number.isFinite(count))
      throw new CodecError("invalid_value", `Clicks must be a finite number, not ${count}.`);
    return { number: count };
  },
  qr: (qr) => ({ files: qr === null ? [] : [qrFile(qr)] }),
  lastSynced: (at) => ({ date: { start: checkedTime(at) } }),
  linkId: (id) => ({ rich_text: richTextRequest(id) }),
  syncedDestination: (url) => ({ url }),
  syncError: (message) => ({ rich_text: message === null ? [] : richTextRequest(message) }),
  conflictAt: (at) => ({ date: { start: checkedTime(at) } }),
};

/** Encodes a row patch as the `properties` of one page update, column names taken from the field map. */
export function encodeRowPatch(patch: RowPatch, fieldMap: FieldMap): PagePropertiesRequest {
  const properties: PagePropertiesRequest = {};
  for (const role of Object.keys(encoders) as RowPatchRole[]) {
    const value = patch[role];
    if (value === undefined) continue;
    const name = fieldMap[role];
    if (name === undefined) {
      throw new CodecError(
        "unmapped_column",
        `Cannot write ${role}: the column is not mapped for this database.`,
      );
    }
    properties[name] = (encoders[role] as (v: typeof value) => PropertyValueRequest)(value);
  }
  return properties;
}

/** Text as Notion rich text, split into parts of at most 2,000 characters. */
export function richTextRequest(text: string): RichTextRequest {
  if (!fitsRichText(text)) {
    throw new CodecError(
      "invalid_value",
      `Text of ${text.length} characters does not fit in one Notion cell.`,
    );
  }
  return splitRichText(text).map((content) => ({ type: "text", text: { content } }));
}

function checkedTag(name: string): { name: string } {
  const problem = tagProblem(name);
  if (problem) throw new CodecError("invalid_value", problem.message);
  return { name };
}

function qrFile(qr: QrAttachment) {
  if ("externalUrl" in qr)
    return { type: "external" as const, external: { url: qr.externalUrl }, name: qr.fileName };
  return { type: "file_upload" as const, file_upload: { id: qr.fileUploadId }, name: qr.fileName };
}

function checkedTime(at: string): string {
  if (Number.isNaN(Date.parse(at))) throw new CodecError("invalid_value", `"${at}" is not an ISO-8601 time.`);
  return at;
}
