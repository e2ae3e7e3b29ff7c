import type { LinkView } from "../links/link-view";
import type { ClickTally } from "../store/store";

/** Notion's unfurl attribute object (Link Previews); every set must hold `title` and `dev`. */
export type UnfurlAttribute = {
  readonly id: string;
  readonly name: string;
  readonly type: "inline";
  readonly inline:
    | { readonly title: { readonly value: string; readonly section: "title" } }
    | { readonly plain_text: { readonly value: string; readonly section: Section } }
    | { readonly datetime: { readonly value: string; readonly section: Section } };
};

type Section = "primary" | "secondary" | "identifier" | "body";

export const DEVELOPER_NAME = "Linksync";

/** The full attribute set of a link's preview; an update always sends the whole set again. */
export function unfurlAttributes(link: LinkView, clicks: ClickTally): UnfurlAttribute[] {
  const identifier = link.shortUrl.replace(/^https?:\/\//, "");
  const attributes: UnfurlAttribute[] = [
    inline("title", "Title", { title: { value: link.title ?? identifier, section: "title" } }),
    inline("dev", "Developer Name", { plain_text: { value: DEVELOPER_NAME, section: "secondary" } }),
    inline("shortUrl", "Short link", { plain_text: { value: identifier, section: "identifier" } }),
    inline("destination", "Destination", { plain_text: { value: link.destination, section: "body" } }),
    inline("clicks", "Clicks", { plain_text: { value: clickCount(clicks.count), section: "primary" } }),
    inline("tags", "Tags", {
      plain_text: { value: link.tags.length === 0 ? "No tags" : link.tags.join(", "), section: "secondary" },
    }),
    clicks.lastClickAt === null
      ? inline("lastClick", "Last click", { plain_text: { value: "Never clicked", section: "secondary" } })
      : inline("lastClick", "Last click", { datetime: { value: clicks.lastClickAt, section: "secondary" } }),
    inline("updated_at", "Updated", { datetime: { value: link.updatedAt, section: "secondary" } }),
  ];
  return attributes;
}

function inline(id: string, name: string, value: UnfurlAttribute["inline"]): UnfurlAttribute {
  return { id, name, type: "inline", inline: value };
}

function clickCount(count: number): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? "click" : "clicks"}`;
}
