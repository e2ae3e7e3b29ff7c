import type { NotionGateway } from "@linksync/core";
import { type Bundle, defineTrigger, type ZObject } from "zapier-platform-core";
import { withLinksync } from "../linksync";
import { pageNumber, pageOf } from "../pages";

interface DatabaseOption {
  readonly id: string;
  readonly name: string;
}

/** The databases (data sources) shared with the integration, last edited first, a page at a time. */
export const perform = (z: ZObject, bundle: Bundle): Promise<DatabaseOption[]> =>
  withLinksync(z, bundle, async ({ notion }) => {
    const results = notion.search(
      {
        filter: { property: "object", value: "data_source" },
        sort: { timestamp: "last_edited_time", direction: "descending" },
      },
      { priority: "interactive" },
    );
    return pageOf(databases(results), pageNumber(bundle.meta));
  });

async function* databases(results: ReturnType<NotionGateway["search"]>): AsyncIterable<DatabaseOption> {
  for await (const result of results) {
    if (result.object !== "data_source" || !("title" in result)) continue;
    const name = result.title.map((part) => part.plain_text).join("") || "Untitled";
    yield { id: result.id, name };
  }
}

export default defineTrigger({
  key: "database_list",
  noun: "Database",
  display: {
    label: "List Databases",
    description:
      "Triggers when a database is shared with Linksync (lists databases for the Database dropdown).",
    hidden: true,
  },
  operation: {
    type: "polling",
    perform,
    canPaginate: true,
    sample: { id: "2f1c0a52-9a8e-4a55-9a3e-5b0c8f1e7d20", name: "Linksync Links" },
    outputFields: [
      { key: "id", label: "Database ID", type: "string" },
      { key: "name", label: "Name", type: "string" },
    ],
  },
});
