import { isPublicHost } from "@linksync/webhook-protocol";
import { validationError } from "../errors/api-error";
import type { FileImportResult, FileUploadRecord } from "../store/types";
import type { WorkspaceStore } from "../store/workspace-store";

/** Notion's per-file limit of a free workspace, which it also applies to imported files. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;

/** Where the sandbox may import from, beyond what Notion's servers can reach (public https). */
export interface ImportReach {
  /** http:// too (`allowHttpImports`). */
  readonly http: boolean;
  /** Loopback and private addresses too (`allowPrivateImports`): tests serve the shortener on 127.0.0.1. */
  readonly privateAddresses: boolean;
}

/**
 * Step 1 of an `external_url` upload, checked while the create request waits, as Notion does: the URL must be https,
 * on a host Notion's servers can reach (a public address: Notion cannot fetch from a laptop's loopback or a private
 * network), and answer a HEAD with a Content-Type, and a Content-Length (when given) within the limit. Anything else
 * is a validation_error. `reach` widens this for services on loopback in tests.
 */
export async function checkImportUrl(raw: string, reach: ImportReach): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw validationError(`external_url is not a valid URL: ${raw}`);
  }
  if (url.protocol !== "https:" && !(reach.http && url.protocol === "http:")) {
    throw validationError(`external_url must be an https URL; got ${url.protocol.slice(0, -1)}.`);
  }
  if (!reach.privateAddresses && !(await isPublicHost(url.hostname))) {
    throw validationError(
      `external_url is not publicly accessible: ${url.hostname} is not a public internet address.`,
    );
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
 * as if sent) or `failed`, with the outcome in `file_import_result` either way. `fail` (a fault a test set with
 * `failImportsNext`) fails it as a download Notion could not finish. Never rejects.
 */
export async function importFile(
  store: WorkspaceStore,
  upload: FileUploadRecord,
  url: URL,
  fail = false,
): Promise<void> {
  const failed = (status: number | null, message: string): void =>
    store.touchFileUpload(upload, {
      status: "failed",
      importResult: outcome("download_error", "file_download_failed", message, status),
    });
  if (fail) return failed(null, "Downloading the file timed out.");
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
