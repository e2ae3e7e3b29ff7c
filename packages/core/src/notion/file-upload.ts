import type { Client } from "@notionhq/client";
import type { CallOptions, FileToImport, FileToUpload, FileUploadStatus, UploadedFile } from "./gateway-port";
import { NotionError } from "./notion-error";
import { malformed, type ScheduledCall } from "./scheduled-call";

/** The File Upload API's create then send; a send whose outcome is unknown is checked with Notion, not repeated blindly. */
export async function uploadFile(
  client: Client,
  call: ScheduledCall,
  file: FileToUpload,
  callOptions?: CallOptions,
): Promise<UploadedFile> {
  const upload = await call("fileUploads.create", callOptions, () =>
    client.fileUploads.create({
      mode: "single_part",
      filename: file.filename,
      content_type: file.contentType,
    }),
  );
  const send = () =>
    call("fileUploads.send", callOptions, () =>
      client.fileUploads.send({
        file_upload_id: upload.id,
        file: {
          filename: file.filename,
          data: new Blob([new Uint8Array(file.data)], { type: file.contentType }),
        },
      }),
    );
  const sent = await send().catch(async (error: unknown) => {
    // The bytes may have arrived before the connection broke: ask Notion rather than guess.
    if (!(error instanceof NotionError && error.details.outcomeUnknown)) throw error;
    const state = await call("fileUploads.retrieve", callOptions, () =>
      client.fileUploads.retrieve({ file_upload_id: upload.id }),
    );
    return state.status === "uploaded" ? state : send();
  });
  if (sent.status !== "uploaded") throw malformed("fileUploads.send", "uploaded file");
  return { id: sent.id, attachment: { type: "file_upload", file_upload: { id: sent.id } } };
}

/** The File Upload API's create in `external_url` mode: Notion checks the URL now and downloads the file afterwards. */
export async function importFile(
  client: Client,
  call: ScheduledCall,
  file: FileToImport,
  callOptions?: CallOptions,
): Promise<{ readonly id: string }> {
  const upload = await call("fileUploads.create", callOptions, () =>
    client.fileUploads.create({ mode: "external_url", external_url: file.url, filename: file.filename }),
  );
  return { id: upload.id };
}

/** Statuses from the list of the integration's uploads, newest first: one request covers the latest 100. */
export async function fileUploadStatuses(
  client: Client,
  call: ScheduledCall,
  ids: readonly string[],
  callOptions?: CallOptions,
): Promise<ReadonlyMap<string, FileUploadStatus>> {
  const wanted = new Set(ids);
  const statuses = new Map<string, FileUploadStatus>();
  let cursor: string | undefined;
  for (let page = 0; wanted.size > 0 && page < Math.ceil(ids.length / 100) + 2; page++) {
    const start = cursor;
    const list = await call("fileUploads.list", callOptions, () =>
      client.fileUploads.list({ page_size: 100, ...(start ? { start_cursor: start } : {}) }),
    );
    for (const upload of list.results) {
      if (!wanted.delete(upload.id)) continue;
      statuses.set(upload.id, upload.status);
    }
    if (!list.has_more || !list.next_cursor) break;
    cursor = list.next_cursor;
  }
  return statuses;
}
