import type { PlainOutputField } from "zapier-platform-core";
import { type ShortLinkOutput, shortLinkOutputFields, shortLinkSample } from "./short-link";

/**
 * A link's clicks within one minute, as the shortener reports them (`link.clicked`, once the minute is over), with
 * the link's row. `clicks` counts that minute only (Get Clicks gives the total).
 */
export type ClickOutput = Omit<ShortLinkOutput, "id" | "clicks"> & {
  /** `<link id>@<minute start>`. */
  readonly id: string;
  readonly linkId: string;
  readonly clicks: number;
  /** ISO-8601 UTC. */
  readonly windowStart: string;
  /** ISO-8601 UTC. */
  readonly windowEnd: string;
  /** ISO-8601 UTC. */
  readonly lastClickAt: string;
};

export const clickOutputFields = [
  { key: "id", label: "Click Minute ID", type: "string" },
  { key: "linkId", label: "Link ID", type: "string" },
  { key: "clicks", label: "Clicks in the Minute", type: "integer" },
  { key: "windowStart", label: "Minute Start", type: "datetime" },
  { key: "windowEnd", label: "Minute End", type: "datetime" },
  { key: "lastClickAt", label: "Last Click At", type: "datetime" },
  ...shortLinkOutputFields.filter((field) => field.key !== "id" && field.key !== "clicks"),
] satisfies PlainOutputField[];

const { id: _id, clicks: _clicks, ...linkSample } = shortLinkSample;
export const clickSample: ClickOutput = {
  ...linkSample,
  id: "lnk_7Kp2x9@2026-03-02T09:15:00.000Z",
  linkId: "lnk_7Kp2x9",
  clicks: 3,
  windowStart: "2026-03-02T09:15:00.000Z",
  windowEnd: "2026-03-02T09:16:00.000Z",
  lastClickAt: "2026-03-02T09:15:41.000Z",
};
