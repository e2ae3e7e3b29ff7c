import { validationError } from "../errors/api-error";
import type { FileImportResult, FileUploadRecord } from "../store/types";
import type { WorkspaceStore } from "../store/workspace-store";

/** Notion's per-file limit of a free workspace, which it also applies to imported files. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;

/**
 * Step 1 of an `external_url` upload, checked while the create request waits, as Notion does: the URL must be https
 * (http too when the sandbox was started with `allowHttpImports`, for services on loopback in tests) and answer a
 * HEAD with a Content-Type, and a Content-Length (when given) within the limit. Anything else is a validation_error.
 */
export async function checkImportUrl(raw: string, allowHttp: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw validationError(`external_url is not a valid URL: ${raw}`);
  }
  if (url.protocol !== "https:" && !(allowHttp && url.protocol === "http:")) {
    throw validationError(`external_url must be an https URL; got ${url.protocol.slice(0, -1)}.`);
  }
  const head = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) }).catch(
    (error: unknown) => {
      throw validationError(`external_url is not publicly accessible: ${describe(error)}.`);
    },
  );
  if (!head.ok)
    throw validationError(`external_url is not publicly accessible: HEAD answered ${head.status}.`);
  if (!head.headers.get("content-type")) {
    throw validationError("external_url does not expose a Content-Type header for a HEAD request.");
  }
  const length = Number(head.headers.get("content-length") ?? 0);
  if (length > MAX_IMPORT_BYTES) {
    throw validationError(`The file is ${length} bytes; the limit is ${MAX_IMPORT_BYTES}.`);
  }
  return url;
}

/**
 * Step 2, after the create has answered: the file is fetched, and the upload becomes `uploaded` (its bytes stored,
 * as if sent) or `failed`, with the outcome in `file_import_result` either way. Never rejects.
 */
export async function importFile(store: WorkspaceStore, upload: FileUploadRecord, url: URL): Promise<void> {
  const failed = (status: number | null, message: string): void =>
    store.touchFileUpload(upload, {
      status: "failed",
      importResult: outcome("download_error", "file_download_failed", message, status),
    });
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) return failed(response.status, `Downloading the file answered ${response.status}.`);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > MAX_IMPORT_BYTES) {
      return store.touchFileUpload(upload, {
        status: "failed",
        importResult: outcome(
          "validation_error",
          "file_upload_invalid_size",
          `The file size is not within the allowed limit of ${MAX_IMPORT_BYTES} bytes.`,
          null,
        ),
      });
    }
    store.touchFileUpload(upload, {
      status: "uploaded",
      contentType: upload.contentType ?? response.headers.get("content-type") ?? "application/octet-stream",
      contentLength: bytes.length,
      dataBase64: bytes.toString("base64"),
      importResult: { type: "success" },
    });
  } catch (error) {
    failed(null, `Downloading the file failed: ${describe(error)}.`);
  }
}

function outcome(
  type: "validation_error" | "download_error",
  code: string,
  message: string,
  statusCode: number | null,
): FileImportResult {
  return { type: "error", error: { type, code, message, parameter: null, status_code: statusCode } };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
