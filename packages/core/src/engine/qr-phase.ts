import { encodeRowPatch } from "../codec/encode-row-patch";
import type { QrAttachment } from "../codec/row-patch";
import { NotionError } from "../notion/notion-error";
import { qrFileNameFor } from "../planning/qr-file-name";
import type { PlannedChange } from "../planning/row-plan";
import type { RowSnapshot } from "../rows/row";
import { auditChanges } from "./audit-trail";
import type { DatabaseContext } from "./database-context";
import { isRevoked } from "./failures";
import { runIntent } from "./intents";
import { digest, qrAttachment, toJson } from "./row-writes";

/**
 * Linked rows whose QR is still owed: their snapshot says so (`qrForShortUrl` differs from the short URL, as the
 * links-first backfill leaves it). Read from the store, so a QR phase cut short by a crash resumes here.
 */
export async function owedQrCodes(ctx: DatabaseContext): Promise<readonly RowSnapshot[]> {
  if (ctx.qrImages === "link") return [];
  const owed: RowSnapshot[] = [];
  for await (const snapshot of ctx.store.eachSnapshot(ctx.key)) {
    if (snapshot.qrForShortUrl !== snapshot.shortUrl) owed.push(snapshot);
  }
  return owed;
}

/**
 * One owed QR: the PNG uploaded (create + send), or the upload `imported` already, attached with Last Synced in one
 * page update, at `background` priority, through the outbox like every remote write (a replay plans the row again,
 * QR included). QR is Linksync's own column, so the row is not read first. `false` when Notion refused the write (a
 * row trashed since, say): the QR stays owed and the row's next sync sees it; a transient failure stops the phase
 * (`WorkDeferred`).
 */
export async function uploadOwedQr(
  ctx: DatabaseContext,
  snapshot: RowSnapshot,
  title: string,
  imported: QrAttachment | null = null,
): Promise<boolean> {
  const now = new Date(ctx.clock.now()).toISOString();
  const fileName = qrFileNameFor(snapshot.shortUrl);
  const patch = { lastSynced: now };
  try {
    await runIntent(
      ctx,
      {
        kind: "page.update",
        idempotencyKey: `page.update:${snapshot.pageId}:${digest({ ...patch, qr: fileName })}`,
        connectionId: ctx.key.connectionId,
        dataSourceId: ctx.key.dataSourceId,
        pageId: snapshot.pageId,
        properties: toJson(encodeRowPatch(patch, ctx.fieldMap)),
      },
      async () => {
        const qr =
          imported ?? (await qrAttachment(ctx, { shortUrl: snapshot.shortUrl, fileName }, "background"));
        await ctx.notion.write(snapshot.pageId, { ...patch, qr }, "background");
      },
    );
  } catch (error) {
    if (!(error instanceof NotionError) || isRevoked(error)) throw error;
    return false;
  }
  await ctx.store.putSnapshots(ctx.key, [{ ...snapshot, qrForShortUrl: snapshot.shortUrl, syncedAt: now }]);
  const change: PlannedChange = { target: "notion", field: "qr", from: null, to: fileName, reason: "filled" };
  await auditChanges(ctx, { pageId: snapshot.pageId, title }, [change], "notion");
  return true;
}
