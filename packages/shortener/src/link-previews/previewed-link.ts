import type { LinkView } from "../links/link-view";
import type { ClickTally } from "../store/store";

/** A link as a preview shows it: its current state and click totals (not-yet-written clicks included). */
export interface PreviewedLink {
  readonly link: LinkView;
  readonly ownerId: string;
  readonly clicks: ClickTally;
}

export type ReadPreviewedLink = (
  by: { readonly slug: string } | { readonly id: string },
) => Promise<PreviewedLink | null>;
