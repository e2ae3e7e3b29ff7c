import { type Bundle, defineTrigger, type ZObject } from "zapier-platform-core";
import { withLinksync } from "../linksync";

interface DatabaseOption {
  readonly id: string;
  readonly name: string;
}

/** Every database (data source) shared with the integration, for the Database dropdown. */
export const perform = (z: ZObject, bundle: Bundle): Promise<DatabaseOption[]> =>
  withLinksync(z, bundle, async ({ ctx }) => {
    const options: DatabaseOption[] = [];
    const results = ctx.notion.search(
      {
        filter: { property: "object", value: "data_source" },
        sort: { timestamp: "last_edited_time", direction: "descending" },
      },
      { priority: "interactive" },
    );
    for await (const result of results) {
      if (result.object !== "data_source" || !("title" in result)) continue;
      const name = result.title.map((part) => part.plain_text).join("") || "Untitled";
      options.push({ id: result.id, name });
    }
    return options;
  });

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
    canPaginate: false,
    sample: { id: "2f1c0a52-9a8e-4a55-9a3e-5b0c8f1e7d20", name: "Linksync Links" },
    outputFields: [
      { key: "id", label: "Database ID", type: "string" },
      { key: "name", label: "Name", type: "string" },
    ],
  },
});
