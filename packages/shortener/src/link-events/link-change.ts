import type { ClickTally, LinkRecord } from "../store/store";

/** A change to links that integrations react to (webhooks, Link Preview updates). */
export type LinkChange =
  | { readonly kind: "created"; readonly link: LinkRecord; readonly accountId: string }
  | {
      readonly kind: "updated";
      readonly link: LinkRecord;
      readonly accountId: string;
      /** The edit came with an Idempotency-Key, now stored (`link_update_keys`) until pruned. */
      readonly keyed: boolean;
    }
  | { readonly kind: "clicked"; readonly clicks: ReadonlyMap<string, ClickTally> };

export type LinkChangeListener = (change: LinkChange) => Promise<void>;
