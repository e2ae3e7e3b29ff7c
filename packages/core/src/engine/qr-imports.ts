import { setTimeout as sleep } from "node:timers/promises";
import type { QrAttachment } from "../codec/row-patch";
import { qrFileNameFor, qrImageUrlFor } from "../planning/qr-file-name";
import type { RowSnapshot } from "../rows/row";
import type { DatabaseContext } from "./database-context";
import { isRowRefusal, isTransient, WorkDeferred } from "./failures";
import { forEachInFlight } from "./in-flight";

/** Imports started between two status reads: with the few the batch before left pending, they fit one list of 100. */
const BATCH = 90;
/** The first batch is small: should Notion fail every import (it cannot fetch them), few were spent on it. */
const FIRST_BATCH = 10;
/** Failed imports, once most of those finished, after which the rest of the run uploads its QR codes. */
const FAILURES_BEFORE_FALLBACK = 5;
/** Real time between the status reads once every import was started (Notion's advice: back off while pending). */
const WAITS_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

/** Attaches one owed QR: the upload Notion imported, or `null` to upload the PNG instead (create + send). */
export type AttachQr = (snapshot: RowSnapshot, imported: QrAttachment | null) => Promise<void>;

interface Started {
  readonly snapshot: RowSnapshot;
  readonly fileName: string;
}

/**
 * The QR phase's imports (`qrImages: import`, or `auto` for a public https shortener): Notion downloads each PNG from
 * the link provider's `/{slug}.png` (one create per QR, where an upload is create + send), and the imports' statuses
 * are read from the list of uploads, 100 per request, so a QR costs about two requests (create, page update) instead
 * of three. Imports are started 10, then 90 at a time, and one status read after each batch attaches those Notion
 * has finished; the others wait for the next read. An import Notion failed, or one still pending after the last wait,
 * is uploaded instead. The rest of the run uploads (and `fellBack` is called once) when Notion refuses an import URL
 * (the provider is not reachable from Notion) or fails most imports (at least 5): a wrong guess costs a few requests,
 * not the QR codes.
 */
export async function importOwedQrCodes(
  ctx: DatabaseContext,
  owed: readonly RowSnapshot[],
  attach: AttachQr,
  fellBack: () => void = () => {},
): Promise<void> {
  const waiting = new Map<string, Started>();
  let importing = true;
  let finished = 0;
  let failures = 0;
  const fallBack = () => {
    if (!importing) return;
    importing = false;
    fellBack();
  };
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
    finished += imported.length + failed.length;
    failures += failed.length;
    if (failures >= FAILURES_BEFORE_FALLBACK && failures * 2 > finished) fallBack();
    await forEachInFlight(imported, ctx.rowsInFlight, ([fileUploadId, { snapshot, fileName }]) =>
      attach(snapshot, { fileUploadId, fileName }),
    );
    await forEachInFlight(failed, ctx.rowsInFlight, ({ snapshot }) => attach(snapshot, null));
  };
  let start = 0;
  while (start < owed.length && importing) {
    const batch = owed.slice(start, start + (start === 0 ? FIRST_BATCH : BATCH));
    start += batch.length;
    await forEachInFlight(batch, ctx.rowsInFlight, async (snapshot) => {
      if (!importing) return attach(snapshot, null);
      const fileName = qrFileNameFor(snapshot.shortUrl);
      try {
        const id = await deferTransient(
          ctx.notion.importImage(fileName, qrImageUrlFor(snapshot.shortUrl), "background"),
        );
        waiting.set(id, { snapshot, fileName });
      } catch (error) {
        if (!isRowRefusal(error) || error.code !== "validation_error") throw error;
        fallBack();
        await attach(snapshot, null);
      }
    });
    if (waiting.size > 0) await readStatuses();
  }
  await forEachInFlight(owed.slice(start), ctx.rowsInFlight, (snapshot) => attach(snapshot, null));
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
