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

export const perform = (z: ZObject, bundle: Bundle): Promise<ConflictOutput[]> =>
  withLinksync(z, bundle, async ({ ctx }) => {
    const conflicts = await listConflicts(ctx, inputText(bundle.inputData.dataSourceId));
    return conflicts.map(toConflictOutput);
  });

export default defineTrigger({
  key: "new_conflict",
  noun: "Conflict",
  display: {
    label: "New Conflict",
    description:
      "Triggers when a short link's destination was changed in Notion and elsewhere at once, and Linksync kept Notion's value.",
  },
  operation: {
    type: "polling",
    inputFields: [databaseField],
    perform,
    sample: conflictSample,
    outputFields: conflictOutputFields,
  },
});
