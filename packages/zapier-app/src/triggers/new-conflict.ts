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
  withLinksync(z, bundle, async ({ forDataSource }) => {
    const dataSourceId = inputText(bundle.inputData.dataSourceId);
    const conflicts = await listConflicts(await forDataSource(dataSourceId), dataSourceId, {
      rowLimit: ROWS_PER_POLL,
    });
    return conflicts.map(toConflictOutput);
  });

/**
 * Shown beside the instant New Conflict: that one hears of a conflict when an agent reports it to the shortener,
 * which is best effort (a report lost while the shortener was unreachable never arrives); this one reads the
 * record every agent writes in Notion, so it misses none, a poll interval later.
 */
export default defineTrigger({
  key: "new_conflict",
  noun: "Conflict",
  display: {
    label: "New Conflict Recorded in Notion",
    description:
      "Triggers when a Destination conflict is recorded on a row of your Notion database (checked on Zapier's polling schedule). Slower than New Conflict, but it also catches conflicts whose instant report was lost.",
  },
  operation: {
    type: "polling",
    inputFields: [databaseField],
    perform,
    sample: conflictSample,
    outputFields: conflictOutputFields,
  },
});
