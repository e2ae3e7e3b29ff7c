import { describe, expect, it } from "vitest";
import type { LinkView } from "../links/link-view";
import { unfurlAttributes } from "./unfurl-attributes";

const link: LinkView = {
  id: "lnk_1",
  slug: "x7Kp2aB",
  shortUrl: "https://go.acme.com/x7Kp2aB",
  destination: "https://example.com/spring",
  tags: ["spring", "email"],
  title: "Spring sale",
  externalId: null,
  version: "2",
  createdAt: "2026-11-01T10:00:00.000Z",
  updatedAt: "2026-11-02T10:00:00.000Z",
  updatedBy: "linksync",
};

describe("unfurlAttributes", () => {
  it("shows title, developer, destination, clicks, tags and last click", () => {
    const attributes = unfurlAttributes(link, { count: 1234, lastClickAt: "2026-11-03T09:00:00.000Z" });
    const byId = Object.fromEntries(attributes.map((attribute) => [attribute.id, attribute.inline]));
    expect(byId.title).toEqual({ title: { value: "Spring sale", section: "title" } });
    expect(byId.dev).toEqual({ plain_text: { value: "Linksync", section: "secondary" } });
    expect(byId.destination).toEqual({
      plain_text: { value: "https://example.com/spring", section: "body" },
    });
    expect(byId.clicks).toEqual({ plain_text: { value: "1,234 clicks", section: "primary" } });
    expect(byId.tags).toEqual({ plain_text: { value: "spring, email", section: "secondary" } });
    expect(byId.lastClick).toEqual({ datetime: { value: "2026-11-03T09:00:00.000Z", section: "secondary" } });
    expect(byId.shortUrl).toEqual({ plain_text: { value: "go.acme.com/x7Kp2aB", section: "identifier" } });
  });

  it("falls back to the short URL for an untitled, never-clicked link", () => {
    const attributes = unfurlAttributes({ ...link, title: null, tags: [] }, { count: 0, lastClickAt: null });
    const byId = Object.fromEntries(attributes.map((attribute) => [attribute.id, attribute.inline]));
    expect(byId.title).toEqual({ title: { value: "go.acme.com/x7Kp2aB", section: "title" } });
    expect(byId.lastClick).toEqual({ plain_text: { value: "Never clicked", section: "secondary" } });
    expect(byId.tags).toEqual({ plain_text: { value: "No tags", section: "secondary" } });
  });
});
