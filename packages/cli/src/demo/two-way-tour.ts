import type { CampaignRow } from "@linksync/notion-sandbox";
import type { EmbeddedStack } from "./embedded-stack";

/** One step of the tour: what a person did, on which side, to which row. */
export interface TourStep {
  readonly title: string;
  readonly description: string;
}

export interface TourResult {
  readonly steps: readonly TourStep[];
  /** The row whose Destination was changed on both sides: it should now carry one conflict comment. */
  readonly conflictRow: CampaignRow;
  readonly tagRow: CampaignRow;
}

/**
 * Makes the edits that show the two-way contract, as people would make them: a Notion edit, a shortener-side edit,
 * a conflicting pair and a tag change on each side. The next sync resolves them; the caller prints what happened.
 */
export async function makeTourEdits(stack: EmbeddedStack): Promise<TourResult> {
  const [notionEdit, shortenerEdit, conflictRow, tagRow] = syncableRows(stack.seed.rows);
  if (!notionEdit || !shortenerEdit || !conflictRow || !tagRow)
    throw new Error("The demo needs at least four Live rows with a valid Destination; seed more rows.");

  const steps: TourStep[] = [];
  const control = stack.sandbox.control;

  const notionUrl = "https://shop.example.com/spring/trail-runner?ref=notion-edit";
  await control.editPageAsPerson(notionEdit.pageId, { Destination: notionUrl });
  steps.push({ title: notionEdit.title, description: `Notion: Destination changed to ${notionUrl}` });

  const outsideUrl = "https://blog.example.com/spring/updated-by-zap";
  await stack.links.update(
    await linkIdOf(stack, shortenerEdit),
    { destination: outsideUrl },
    { source: "zapier" },
  );
  steps.push({
    title: shortenerEdit.title,
    description: `Zapier (shortener API): destination changed to ${outsideUrl}`,
  });

  const keptUrl = "https://events.example.net/spring/kept-by-notion";
  const droppedUrl = "https://events.example.net/spring/dropped-from-zapier";
  await control.editPageAsPerson(conflictRow.pageId, { Destination: keptUrl });
  await stack.links.update(
    await linkIdOf(stack, conflictRow),
    { destination: droppedUrl },
    { source: "zapier" },
  );
  steps.push({
    title: conflictRow.title,
    description: `both sides in one window: Notion → ${keptUrl}, Zapier → ${droppedUrl}`,
  });

  const [removedInNotion, removedAtLink] = tagRow.tags;
  const notionTags = [...tagRow.tags.filter((t) => t !== removedInNotion), "vip"];
  await control.editPageAsPerson(tagRow.pageId, { Tags: notionTags });
  const tagLinkId = await linkIdOf(stack, tagRow);
  const link = await stack.links.get(tagLinkId);
  const linkTags = [...(link?.tags ?? []).filter((t) => t !== removedAtLink), "q2-push"];
  await stack.links.update(tagLinkId, { tags: linkTags }, { source: "shortener-api" });
  steps.push({
    title: tagRow.title,
    description: `tags: Notion adds "vip"${removedInNotion ? ` and removes "${removedInNotion}"` : ""}; the link adds "q2-push"${removedAtLink ? ` and removes "${removedAtLink}"` : ""}`,
  });
  const visits = await visitLinks(stack, [notionEdit, shortenerEdit, tagRow]);
  steps.push({
    title: "Visitors",
    description: `opened short links ${visits} times (real redirects through the shortener)`,
  });
  return { steps, conflictRow, tagRow };
}

/** Real clicks: GET requests to the short URLs, as browsers following them would make, so Clicks has data. */
async function visitLinks(stack: EmbeddedStack, rows: readonly CampaignRow[]): Promise<number> {
  let visits = 0;
  for (const [index, row] of rows.entries()) {
    const link = await stack.links.get(await linkIdOf(stack, row));
    if (!link) continue;
    for (let i = 0; i < 12 - index * 4; i++) {
      const response = await fetch(link.shortUrl, { redirect: "manual" });
      await response.arrayBuffer();
      if (response.status === 302) visits++;
    }
  }
  return visits;
}

/** Three Live rows with a valid Destination and no pre-existing Short URL, then one with two tags or more. */
function syncableRows(rows: readonly CampaignRow[]): (CampaignRow | undefined)[] {
  const usable = rows.filter((r) => r.sync === "Live" && !r.badDestination && r.shortUrl === null);
  const tagRow = usable.find((r) => r.tags.length >= 2);
  return [...usable.filter((r) => r !== tagRow).slice(0, 3), tagRow];
}

async function linkIdOf(stack: EmbeddedStack, row: CampaignRow): Promise<string> {
  const link = await stack.links.findByIdempotencyKey(`notion-page:${row.pageId}`);
  if (!link) throw new Error(`No link was minted for "${row.title}".`);
  return link.id;
}
