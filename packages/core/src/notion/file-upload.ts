import type { Client } from "@notionhq/client";
import type { CallOptions, FileToUpload, UploadedFile } from "./gateway-port";
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
