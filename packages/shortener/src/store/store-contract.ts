import { describe, expect, it } from "vitest";
import type { LinkDraft, ShortenerStore } from "./store";

/**
 * The behaviour every ShortenerStore must have, as a suite each engine runs:
 * `describeShortenerStore("postgres", open)`. `open` gives a fresh store whose database has the accounts
 * `acct-a` and `acct-b`.
 */
export function describeShortenerStore(name: string, open: () => Promise<ShortenerStore>): void {
  const draft = (overrides: Partial<LinkDraft> = {}): LinkDraft => ({
    id: `lnk_${Math.random().toString(36).slice(2)}`,
    accountId: "acct-a",
    slug: Math.random().toString(36).slice(2, 9),
    destination: "https://example.com/",
    tags: [],
    title: null,
    externalId: null,
    createdAt: "2026-03-01T10:00:00.000Z",
    updatedAt: "2026-03-01T10:00:00.000Z",
    updatedBy: "shortener-api",
    ...overrides,
  });
  const edit = {
    destination: "https://example.com/2",
    tags: ["t"],
    updatedAt: "2026-03-02T00:00:00.000Z",
    updatedBy: "zapier",
  };

  describe(`ShortenerStore contract: ${name}`, () => {
    it("creates once per external id and refuses a taken slug", async () => {
      const store = await open();
      const first = await store.createLink(draft({ externalId: "row-1", slug: "one" }));
      expect(first).toMatchObject({
        kind: "created",
        link: { version: 1, slug: "one", accountId: "acct-a" },
      });
      const again = await store.createLink(draft({ externalId: "row-1", slug: "other" }));
      expect(again).toEqual({ kind: "existing", link: first.kind === "created" ? first.link : null });
      expect(await store.createLink(draft({ slug: "one" }))).toEqual({ kind: "slug_taken" });
      expect(await store.linkBySlug("one")).toMatchObject({ externalId: "row-1" });
      expect(await store.linkByExternalId("acct-a", "row-1")).toMatchObject({ slug: "one" });
      expect(await store.linkBySlug("other")).toBeNull();
      await store.close();
    });

    it("mints one link when the same external id is created many times at once", async () => {
      const store = await open();
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, () => store.createLink(draft({ externalId: "row-race" }))),
      );
      expect(outcomes.filter((outcome) => outcome.kind === "created")).toHaveLength(1);
      const ids = new Set(
        outcomes.map((outcome) => (outcome.kind === "slug_taken" ? null : outcome.link.id)),
      );
      expect(ids.size).toBe(1);
      await store.close();
    });

    it("answers a repeated request key with its link, once per account, even when created many times at once", async () => {
      const store = await open();
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.createLink(draft({ externalId: `row-${i}`, requestKey: "zap:run-1" })),
        ),
      );
      const created = outcomes.filter((outcome) => outcome.kind === "created");
      expect(created).toHaveLength(1);
      const link = created[0]!.link;
      expect(outcomes.every((outcome) => outcome.kind !== "slug_taken" && outcome.link.id === link.id)).toBe(
        true,
      );
      expect(await store.linkByRequestKey("acct-a", "zap:run-1")).toEqual(link);
      expect(await store.linkByRequestKey("acct-b", "zap:run-1")).toBeNull();
      expect(await store.linkByRequestKey("acct-a", "zap:run-2")).toBeNull();
      const other = await store.createLink(draft({ accountId: "acct-b", requestKey: "zap:run-1" }));
      expect(other).toMatchObject({ kind: "created", link: { accountId: "acct-b" } });
      await store.close();
    });

    it("updates with compare-and-set and moves the link to the end of the change feed", async () => {
      const store = await open();
      const a = await store.createLink(draft({ slug: "a" }));
      const b = await store.createLink(draft({ slug: "b" }));
      if (a.kind !== "created" || b.kind !== "created") throw new Error("setup failed");
      const updated = await store.updateLink("acct-a", a.link.id, edit, 1);
      expect(updated).toMatchObject({
        kind: "updated",
        link: { version: 2, destination: "https://example.com/2" },
      });
      expect(await store.updateLink("acct-a", a.link.id, edit, 1)).toMatchObject({
        kind: "version_conflict",
        current: { version: 2 },
      });
      expect(await store.updateLink("acct-a", "lnk_none", edit, null)).toEqual({ kind: "not_found" });

      const feed = await store.changesSince("acct-a", 0, 10);
      expect(feed.links.map((link) => link.slug)).toEqual(["b", "a"]);
      expect(feed.hasMore).toBe(false);
      const firstPage = await store.changesSince("acct-a", 0, 1);
      expect(firstPage).toMatchObject({ hasMore: true, links: [{ slug: "b" }] });
      const rest = await store.changesSince("acct-a", firstPage.links[0]!.changeSeq, 10);
      expect(rest.links.map((link) => link.slug)).toEqual(["a"]);
      await store.close();
    });

    it("lets exactly one of many concurrent compare-and-set edits of one version win", async () => {
      const store = await open();
      const created = await store.createLink(draft());
      if (created.kind !== "created") throw new Error("setup failed");
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.updateLink(
            "acct-a",
            created.link.id,
            { ...edit, destination: `https://example.com/${i}` },
            1,
          ),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.kind === "updated")).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.kind === "version_conflict")).toHaveLength(7);
      await store.close();
    });

    it("stores an update's idempotency key with the link it left, and nothing for an update that lost", async () => {
      const store = await open();
      const created = await store.createLink(draft());
      if (created.kind !== "created") throw new Error("setup failed");
      const id = created.link.id;
      const outcomes = await Promise.all(
        ["k-0", "k-1", "k-2", "k-3"].map((key, i) =>
          store.updateLink(
            "acct-a",
            id,
            { ...edit, destination: `https://example.com/${i}`, idempotencyKey: key },
            1,
          ),
        ),
      );
      const won = outcomes.findIndex((outcome) => outcome.kind === "updated");
      const winner = outcomes[won];
      if (winner?.kind !== "updated") throw new Error("no update won");
      expect(await store.linkUpdatedWithKey("acct-a", `k-${won}`)).toEqual(winner.link);
      const lost = [0, 1, 2, 3].filter((i) => i !== won);
      for (const i of lost) expect(await store.linkUpdatedWithKey("acct-a", `k-${i}`)).toBeNull();
      await store.updateLink("acct-a", id, { ...edit, destination: "https://example.com/later" }, null);
      expect(await store.linkUpdatedWithKey("acct-a", `k-${won}`)).toEqual(winner.link);
      expect(await store.linkUpdatedWithKey("acct-b", `k-${won}`)).toBeNull();
      await store.close();
    });

    it("walls accounts off: another account's link, external id, feed, clicks and templates are absent", async () => {
      const store = await open();
      const created = await store.createLink(draft({ externalId: "row-a", slug: "wall" }));
      if (created.kind !== "created") throw new Error("setup failed");
      const id = created.link.id;
      expect(await store.ownedLink("acct-b", id)).toBeNull();
      expect(await store.ownedLink("acct-a", id)).toMatchObject({ id });
      expect(await store.linkByExternalId("acct-b", "row-a")).toBeNull();
      expect(await store.updateLink("acct-b", id, edit, null)).toEqual({ kind: "not_found" });
      expect((await store.ownedLink("acct-a", id))?.destination).toBe("https://example.com/");
      expect((await store.changesSince("acct-b", 0, 10)).links).toEqual([]);
      expect(await store.clickTotals("acct-b", [id])).toEqual(new Map());
      const at = "2026-03-01T10:00:00.000Z";
      const template = { id: "utm_a", tag: null, template: "a=1", createdAt: at, updatedAt: at };
      await store.saveUtmTemplate("acct-a", template);
      expect(await store.utmTemplates("acct-b")).toEqual([]);
      expect(await store.deleteUtmTemplate("acct-b", "utm_a")).toBe(false);
      expect(await store.utmTemplates("acct-a")).toHaveLength(1);
      // The same external id in another account is another link.
      const other = await store.createLink(draft({ accountId: "acct-b", externalId: "row-a" }));
      expect(other).toMatchObject({ kind: "created", link: { accountId: "acct-b" } });
      await store.close();
    });

    it("adds click batches, keeps the latest click time, and knows only existing links", async () => {
      const store = await open();
      const created = await store.createLink(draft());
      if (created.kind !== "created") throw new Error("setup failed");
      const id = created.link.id;
      expect(await store.clickTotals("acct-a", [id, "lnk_none"])).toEqual(
        new Map([[id, { count: 0, lastClickAt: null }]]),
      );
      await store.addClicks(new Map([[id, { count: 3, lastClickAt: "2026-03-01T10:00:05.000Z" }]]));
      await store.addClicks(new Map([[id, { count: 2, lastClickAt: "2026-03-01T10:00:01.000Z" }]]));
      expect((await store.clickTotals("acct-a", [id])).get(id)).toEqual({
        count: 5,
        lastClickAt: "2026-03-01T10:00:05.000Z",
      });
      await store.close();
    });

    it("keeps one UTM template per scope", async () => {
      const store = await open();
      const at = "2026-03-01T10:00:00.000Z";
      const first = await store.saveUtmTemplate("acct-a", {
        id: "utm_1",
        tag: null,
        template: "a=1",
        createdAt: at,
        updatedAt: at,
      });
      expect(first.created).toBe(true);
      const replaced = await store.saveUtmTemplate("acct-a", {
        id: "utm_2",
        tag: null,
        template: "a=2",
        createdAt: at,
        updatedAt: at,
      });
      expect(replaced).toEqual({ created: false, template: { ...first.template, template: "a=2" } });
      await store.saveUtmTemplate("acct-a", {
        id: "utm_3",
        tag: "email",
        template: "b=1",
        createdAt: at,
        updatedAt: at,
      });
      expect((await store.utmTemplates("acct-a")).map((t) => t.id).sort()).toEqual(["utm_1", "utm_3"]);
      expect(await store.deleteUtmTemplate("acct-a", "utm_1")).toBe(true);
      expect(await store.deleteUtmTemplate("acct-a", "utm_1")).toBe(false);
      expect((await store.utmTemplates("acct-a")).map((t) => t.id)).toEqual(["utm_3"]);
      await store.close();
    });
  });
}
