import type { DatabaseContext } from "../engine/database-context";
import type { ClickStat } from "./agent-api";

/** The database's most clicked links. Snapshots keep no titles: the few top rows are read (someone is looking). */
export async function topLinks(ctx: DatabaseContext, limit: number): Promise<readonly ClickStat[]> {
  const snapshots = [...(await ctx.store.snapshots(ctx.key)).values()];
  const top = snapshots.sort((a, b) => b.clicks - a.clicks).slice(0, limit);
  return Promise.all(
    top.map(async (s) => {
      const row = await ctx.notion.row(s.pageId, "interactive");
      return { pageId: s.pageId, title: row?.title ?? "", shortUrl: s.shortUrl, clicks: s.clicks };
    }),
  );
}
