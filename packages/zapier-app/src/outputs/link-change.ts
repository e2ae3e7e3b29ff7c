import type { PlainOutputField } from "zapier-platform-core";
import { type ShortLinkOutput, shortLinkOutputFields, shortLinkSample } from "./short-link";

/** One change of a link: the link's row as every step returns it, `id` naming this version of the link. */
export type LinkChangeOutput = Omit<ShortLinkOutput, "id"> & {
  /** `<link id>@<version>`: a new value for every change, so each change is its own Zap run. */
  readonly id: string;
  readonly linkId: string;
  /** ISO-8601 UTC. */
  readonly updatedAt: string;
  /** Who changed the destination last, as the shortener recorded it (`zapier`, `linksync`, `shortener-ui`…). */
  readonly updatedBy: string;
};

export const linkChangeOutputFields = [
  { key: "id", label: "Change ID", type: "string" },
  { key: "linkId", label: "Link ID", type: "string" },
  ...shortLinkOutputFields.filter((field) => field.key !== "id"),
  { key: "updatedAt", label: "Updated At", type: "datetime" },
  { key: "updatedBy", label: "Updated By", type: "string" },
] satisfies PlainOutputField[];

export const linkChangeSample: LinkChangeOutput = {
  ...shortLinkSample,
  id: "lnk_7Kp2x9@4",
  linkId: "lnk_7Kp2x9",
  updatedAt: "2026-03-02T09:15:00.000Z",
  updatedBy: "shortener-ui",
};
