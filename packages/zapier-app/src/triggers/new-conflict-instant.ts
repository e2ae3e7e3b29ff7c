import type { ConflictEvent } from "@linksync/core";
import { type Bundle, defineTrigger, type ZObject } from "zapier-platform-core";
import { databaseField, inputText } from "../input-fields";
import {
  type ConflictOutput,
  conflictOutputFields,
  conflictSample,
  toConflictOutput,
} from "../outputs/conflict";
import { perform as pollConflicts } from "./new-conflict";
import { acceptDelivery } from "./rest-hooks/delivery";
import { subscribeToShortener, unsubscribeFromShortener } from "./rest-hooks/shortener-subscription";

/**
 * A `conflict` delivery (reported to the shortener by whichever agent recorded the conflict first) as the polling
 * trigger's item, same `id` (the conflict's ref). `databaseId` in a reported conflict is the Notion data source.
 */
export const perform = async (z: ZObject, bundle: Bundle): Promise<ConflictOutput[]> => {
  const delivery = await acceptDelivery(z, bundle, "conflict");
  if (!delivery || delivery.data.databaseId !== inputText(bundle.inputData.dataSourceId)) return [];
  return [toConflictOutput(delivery.data as unknown as ConflictEvent)];
};

export default defineTrigger({
  key: "new_conflict_instant",
  noun: "Conflict",
  display: {
    label: "New Conflict",
    description:
      "Triggers when a short link's destination was changed in Notion and elsewhere at once, and Linksync kept Notion's value. Instant, from the agent's report; New Conflict Recorded in Notion also catches a report that was lost.",
  },
  operation: {
    type: "hook",
    inputFields: [databaseField],
    performSubscribe: (z: ZObject, bundle: Bundle) => subscribeToShortener(z, bundle, ["conflict"]),
    performUnsubscribe: unsubscribeFromShortener,
    perform,
    // The polling perform: samples and "test trigger" show exactly what a delivery produces.
    performList: pollConflicts,
    sample: conflictSample,
    outputFields: conflictOutputFields,
  },
});
