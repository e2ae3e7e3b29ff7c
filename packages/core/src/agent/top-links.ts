import type { DatabaseContext } from "../engine/database-context";
import type { RowSnapshot } from "../rows/row";
import type { ClickStat } from "./agent-api";

/** The database's most clicked links. Snapshots keep no titles: the few top rows are read (someone is looking). */
export async function topLinks(ctx: DatabaseContext, limit: number): Promise<readonly ClickStat[]> {
  const top = await mostClicked(ctx.store.eachSnapshot(ctx.key), limit);
  return Promise.all(
    top.map(async (s) => {
      const row = await ctx.notion.row(s.pageId, "interactive");
      return { pageId: s.pageId, title: row?.title ?? "", shortUrl: s.shortUrl, clicks: s.clicks };
    }),
  );
}

/**
 * The `limit` snapshots with the most clicks, most first (ties in scan order), kept while scanning: no copy or sort
 * of every row.
 */
export async function mostClicked(
  snapshots: AsyncIterable<RowSnapshot>,
  limit: number,
): Promise<readonly RowSnapshot[]> {
  const top: RowSnapshot[] = [];
  for await (const snapshot of snapshots) {
    const last = top.at(-1);
    if (top.length >= limit && (last === undefined || last.clicks >= snapshot.clicks)) continue;
    const at = top.findIndex((s) => s.clicks < snapshot.clicks);
    top.splice(at === -1 ? top.length : at, 0, snapshot);
    if (top.length > limit) top.pop();
  }
  return top;
}
