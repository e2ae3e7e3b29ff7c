import type { FileUploadObjectResponse } from "@notionhq/client";
import { toIso, toMinuteIso } from "../clock/clock";
import type { FileUploadRecord } from "../store/types";
import type { RenderContext } from "./context";

export function renderFileUpload(upload: FileUploadRecord, context: RenderContext): FileUploadObjectResponse {
  const creator = context.store.users.get(upload.createdBy);
  return {
    object: "file_upload",
    id: upload.id,
    created_time: toMinuteIso(upload.createdTime),
    created_by: { id: upload.createdBy, type: creator?.kind === "person" ? "person" : "bot" },
    last_edited_time: toMinuteIso(upload.lastEditedTime),
    expiry_time: upload.attached ? null : toIso(upload.expiryTime),
    ...(upload.status === "pending" && upload.externalUrl === undefined
      ? { upload_url: `${context.baseUrl}/v1/file_uploads/${upload.id}/send` }
      : {}),
    in_trash: false,
    status: upload.status,
    filename: upload.filename,
    content_type: upload.contentType,
    content_length: upload.contentLength,
    archived: false,
    ...(upload.importResult
      ? {
          file_import_result: {
            imported_time: toIso(upload.lastEditedTime),
            ...(upload.importResult.type === "success"
              ? { type: "success" as const, success: {} }
              : { type: "error" as const, error: upload.importResult.error }),
          },
        }
      : {}),
  };
}
