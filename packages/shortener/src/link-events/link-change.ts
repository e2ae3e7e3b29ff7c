import type { ClickTally, LinkRecord } from "../store/store";

/** A change to links that integrations react to (webhooks, Link Preview updates). */
export type LinkChange =
  | { readonly kind: "created" | "updated"; readonly link: LinkRecord; readonly accountId: string }
  | { readonly kind: "clicked"; readonly clicks: ReadonlyMap<string, ClickTally> };

export type LinkChangeListener = (change: LinkChange) => Promise<void>;
