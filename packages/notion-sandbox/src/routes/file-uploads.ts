import type { FileUploadObjectResponse, ListFileUploadsResponse } from "@notionhq/client";
import { notFound } from "../auth/access";
import { ApiError, bodyFieldError, validationError } from "../errors/api-error";
import { checkImportUrl, importFile } from "../files/url-import";
import { readBody } from "../http/body";
import { allowOnlyFields } from "../http/body-fields";
import { type BearerContext, bearerRoute, type Route } from "../http/route";
import { newId } from "../ids/ids";
import { paginate, parsePageSize } from "../query/pagination";
import { renderFileUpload } from "../render/file-uploads";
import type { FileUploadRecord } from "../store/types";
import { param } from "./lookup";

/** Notion's single-part upload limit. */
export const MAX_SINGLE_PART_BYTES = 20 * 1024 * 1024;
/** An upload not attached within an hour expires. */
const UPLOAD_TTL_MS = 60 * 60 * 1000;

export const fileUploadRoutes: Route[] = [
  bearerRoute({
    method: "POST",
    pattern: "/v1/file_uploads",
    capability: "insert_content",
    handler: async (context) => {
      const body = await context.json();
      allowOnlyFields(body, ["mode", "filename", "content_type", "external_url"], "body", [
        "number_of_parts",
      ]);
      const mode = body.mode ?? "single_part";
      if (mode !== "single_part" && mode !== "external_url") {
        throw validationError(
          `The sandbox supports single_part and external_url uploads only; got mode "${String(mode)}".`,
        );
      }
      const filename = optionalString(body.filename, "body.filename");
      const contentType = optionalString(body.content_type, "body.content_type");
      const external = mode === "external_url" ? await checkExternalUrl(context, body, filename) : null;
      const now = context.services.clock.now();
      const upload = context.services.store.addFileUpload({
        id: newId(),
        filename,
        contentType,
        contentLength: null,
        status: "pending",
        createdTime: now,
        lastEditedTime: now,
        expiryTime: now + UPLOAD_TTL_MS,
        createdBy: context.principal.bot.id,
        attached: false,
        dataBase64: null,
        ...(external ? { externalUrl: external.href } : {}),
      });
      // Notion imports the file after answering: the upload stays pending until the download is over.
      if (external) {
        const fail = context.services.faults.takeImportFailure();
        void importFile(context.services.store, upload, external, fail);
      }
      return { json: respond(context, upload) };
    },
  }),
  bearerRoute({
    method: "POST",
    pattern: "/v1/file_uploads/{file_upload_id}/send",
    capability: "insert_content",
    handler: async (context) => {
      const upload = findUpload(context);
      if (upload.externalUrl !== undefined) {
        throw validationError(
          `File upload ${upload.id} imports its file from external_url; it takes no content.`,
        );
      }
      if (upload.status !== "pending") {
        throw validationError(
          `File upload ${upload.id} has status "${upload.status}"; only pending uploads accept content.`,
        );
      }
      const file = await readMultipartFile(context);
      const bytes = Buffer.from(await file.arrayBuffer());
      if (bytes.length > MAX_SINGLE_PART_BYTES) {
        throw validationError(
          `The file is ${bytes.length} bytes; single-part uploads are limited to ${MAX_SINGLE_PART_BYTES}.`,
        );
      }
      context.services.store.touchFileUpload(upload, {
        status: "uploaded",
        filename: upload.filename ?? (file.name || "file"),
        contentType: upload.contentType ?? (file.type || "application/octet-stream"),
        contentLength: bytes.length,
        dataBase64: bytes.toString("base64"),
      });
      return { json: respond(context, upload) };
    },
  }),
  bearerRoute({
    method: "GET",
    pattern: "/v1/file_uploads/{file_upload_id}",
    capability: "read_content",
    handler: (context) => ({ json: respond(context, findUpload(context)) }),
  }),
  bearerRoute({
    method: "GET",
    pattern: "/v1/file_uploads",
    capability: "read_content",
    handler: (context) => {
      const uploads = [...context.services.store.fileUploads.values()]
        .filter((upload) => upload.createdBy === context.principal.bot.id)
        .reverse();
      const slice = paginate(
        uploads,
        (upload) => upload.id,
        context.query.get("start_cursor") ?? undefined,
        parsePageSize(context.query.get("page_size") ?? undefined, "query"),
      );
      const response: ListFileUploadsResponse = {
        object: "list",
        type: "file_upload",
        file_upload: {},
        results: slice.results.map((upload) => respond(context, upload)),
        next_cursor: slice.next_cursor,
        has_more: slice.has_more,
      };
      return { json: response };
    },
  }),
];

function respond(context: BearerContext, upload: FileUploadRecord): FileUploadObjectResponse {
  return renderFileUpload(upload, context.services.render);
}

function findUpload(context: BearerContext): FileUploadRecord {
  const id = param(context, "file_upload_id");
  const upload = context.services.store.fileUploads.get(id);
  if (!upload || upload.createdBy !== context.principal.bot.id)
    throw notFound("file_upload", id, context.principal);
  if (upload.status === "pending" && upload.expiryTime < context.services.clock.now()) {
    context.services.store.touchFileUpload(upload, { status: "expired" });
  }
  return upload;
}

/** `external_url` mode needs the URL and a filename with an extension; the URL is checked as Notion does. */
async function checkExternalUrl(
  context: BearerContext,
  body: Record<string, unknown>,
  filename: string | null,
): Promise<URL> {
  if (typeof body.external_url !== "string") {
    throw bodyFieldError("body.external_url", "should be a string", body.external_url);
  }
  if (filename === null || !/\.[a-z0-9]+$/i.test(filename)) {
    throw validationError("filename with an extension is required when mode is external_url.");
  }
  const { allowHttpImports, allowPrivateImports } = context.services.settings;
  return checkImportUrl(body.external_url, { http: allowHttpImports, privateAddresses: allowPrivateImports });
}

function optionalString(value: unknown, path: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw bodyFieldError(path, "should be a string", value);
  return value;
}

async function readMultipartFile(context: BearerContext): Promise<File> {
  const contentType = context.request.headers["content-type"] ?? "";
  if (!contentType.startsWith("multipart/form-data")) {
    throw new ApiError("validation_error", "Send the file as multipart/form-data with a `file` part.");
  }
  // Multipart framing adds a little to the file itself; the file's own size is checked by the caller.
  const raw = await readBody(context.request, MAX_SINGLE_PART_BYTES + 64 * 1024);
  const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  const file = form.get("file");
  if (!(file instanceof File))
    throw bodyFieldError("body.file", "should be a file", file === null ? undefined : "text");
  return file;
}
