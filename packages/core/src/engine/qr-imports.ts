import { setTimeout as sleep } from "node:timers/promises";
import type { QrAttachment } from "../codec/row-patch";
import { qrFileNameFor, qrImageUrlFor } from "../planning/qr-file-name";
import type { RowSnapshot } from "../rows/row";
import type { DatabaseContext } from "./database-context";
import { isRowRefusal, isTransient, WorkDeferred } from "./failures";
import { forEachInFlight } from "./in-flight";

/** Imports started between two status reads: with the few the batch before left pending, they fit one list of 100. */
const BATCH = 90;
/** Real time between the status reads once every import was started (Notion's advice: back off while pending). */
const WAITS_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

/** Attaches one owed QR: the upload Notion imported, or `null` to upload the PNG instead (create + send). */
export type AttachQr = (snapshot: RowSnapshot, imported: QrAttachment | null) => Promise<void>;

interface Started {
  readonly snapshot: RowSnapshot;
  readonly fileName: string;
}

/**
 * The QR phase under `qrImages: import`: Notion downloads each PNG from the link provider's `/{slug}.png` (one
 * create per QR, where an upload is create + send), and the imports' statuses are read from the list of uploads, 100
 * per request, so a QR costs about two requests (create, page update) instead of three. Imports are started 90 at a
 * time, then one status read attaches those Notion has finished; the others wait for the next read. An import Notion
 * failed, or one still pending after the last wait, is uploaded instead; so is every QR left once Notion refuses an
 * import URL (the provider is not reachable from Notion), so a wrong setting costs one request, not the QR codes.
 */
export async function importOwedQrCodes(
  ctx: DatabaseContext,
  owed: readonly RowSnapshot[],
  attach: AttachQr,
): Promise<void> {
  const waiting = new Map<string, Started>();
  let importing = true;
  const readStatuses = async () => {
    const statuses = await deferTransient(ctx.notion.uploadStatuses([...waiting.keys()], "background"));
    const imported: [string, Started][] = [];
    const failed: Started[] = [];
    for (const [id, started] of waiting) {
      const status = statuses.get(id);
      if (status === "uploaded") imported.push([id, started]);
      else if (status === "failed" || status === "expired") failed.push(started);
      else continue;
      waiting.delete(id);
    }
    await forEachInFlight(imported, ctx.rowsInFlight, ([fileUploadId, { snapshot, fileName }]) =>
      attach(snapshot, { fileUploadId, fileName }),
    );
    await forEachInFlight(failed, ctx.rowsInFlight, ({ snapshot }) => attach(snapshot, null));
  };
  for (let start = 0; start < owed.length; start += BATCH) {
    await forEachInFlight(owed.slice(start, start + BATCH), ctx.rowsInFlight, async (snapshot) => {
      if (!importing) return attach(snapshot, null);
      const fileName = qrFileNameFor(snapshot.shortUrl);
      try {
        const id = await deferTransient(
          ctx.notion.importImage(fileName, qrImageUrlFor(snapshot.shortUrl), "background"),
        );
        waiting.set(id, { snapshot, fileName });
      } catch (error) {
        if (!isRowRefusal(error) || error.code !== "validation_error") throw error;
        importing = false;
        await attach(snapshot, null);
      }
    });
    if (waiting.size > 0) await readStatuses();
  }
  for (const waitMs of WAITS_MS) {
    if (waiting.size === 0) return;
    await sleep(waitMs);
    await readStatuses();
  }
  await forEachInFlight([...waiting.values()], ctx.rowsInFlight, ({ snapshot }) => attach(snapshot, null));
}

/** A transient failure (Notion unreachable past the scheduler's retries) stops the phase, as a write's would. */
async function deferTransient<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw isTransient(error) ? new WorkDeferred(error) : error;
  }
}
