import { listConflicts } from "@linksync/core";
import { type Bundle, defineTrigger, type ZObject } from "zapier-platform-core";
import { databaseField, inputText } from "../input-fields";
import { withLinksync } from "../linksync";
import {
  type ConflictOutput,
  conflictOutputFields,
  conflictSample,
  toConflictOutput,
} from "../outputs/conflict";

export /**
 * Rows come newest conflict first, and Zapier only needs what is new since its last poll (at most 15 minutes ago):
 * ten rows keep a poll at about a dozen Notion requests, within the connection's 3 requests/s.
 */
const ROWS_PER_POLL = 10;

export const perform = (z: ZObject, bundle: Bundle): Promise<ConflictOutput[]> =>
  withLinksync(z, bundle, async ({ ctx }) => {
    const conflicts = await listConflicts(ctx, inputText(bundle.inputData.dataSourceId), {
      rowLimit: ROWS_PER_POLL,
    });
    return conflicts.map(toConflictOutput);
  });

export default defineTrigger({
  key: "new_conflict",
  noun: "Conflict",
  display: {
    label: "New Conflict",
    description:
      "Triggers when a short link's destination was changed in Notion and elsewhere at once, and Linksync kept Notion's value.",
    // Polling, kept for the Zaps built on it; new Zaps use the instant trigger (Zapier's way to change a trigger's type).
    hidden: true,
  },
  operation: {
    type: "polling",
    inputFields: [databaseField],
    perform,
    sample: conflictSample,
    outputFields: conflictOutputFields,
  },
});
