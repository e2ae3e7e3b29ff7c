import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LiveServices, startLiveServices } from "../operations/operations.fixture";
import { previewImport } from "./import-preview";
import { importRows } from "./import-rows";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

async function linkCount(): Promise<number> {
  return (await live.context().provider.changesSince(null)).links.length;
}

const FILE = [
  "title,destination,tags",
  "Spring sale,https://shop.example/spring,spring;sale",
  "Summer sale,https://shop.example/summer,",
  "Same page again,https://shop.example/spring,",
  "Bad link,javascript:alert(1),",
  `Too many tags,https://shop.example/tags,${Array.from({ length: 51 }, (_, i) => `t${i}`).join(";")}`,
  "Autumn,https://shop.example/autumn,autumn",
].join("\r\n");

describe("importRows against the sandbox and the shortener", () => {
  it("creates each row with its link, and a second import of the same file creates nothing", async () => {
    const preview = previewImport(FILE);
    const first = await importRows(live.context(), live.dataSourceId, preview.rows);
    expect(first.map((o) => [o.line, o.status])).toEqual([
      [2, "created"],
      [3, "created"],
      [4, "created"],
      [5, "failed"],
      [6, "failed"],
      [7, "created"],
    ]);
    const rowsAfterFirst = await live.rowCount();
    const linksAfterFirst = await linkCount();
    expect(linksAfterFirst).toBe(4);

    const spring = first[0];
    if (spring?.status !== "created") throw new Error("line 2 was not created");
    const link = await live.context().provider.get(spring.linkId);
    expect(link).toMatchObject({
      destination: "https://shop.example/spring",
      tags: ["spring", "sale"],
      externalId: `notion-page:${spring.pageId}`,
      shortUrl: spring.shortUrl,
    });

    const second = await importRows(live.context(), live.dataSourceId, previewImport(FILE).rows);
    expect(second.map((o) => o.status)).toEqual([
      "existing",
      "existing",
      "existing",
      "failed",
      "failed",
      "existing",
    ]);
    expect(second[0]).toMatchObject({ pageId: spring.pageId, linkId: spring.linkId });
    expect(await live.rowCount()).toBe(rowsAfterFirst);
    expect(await linkCount()).toBe(linksAfterFirst);
  });

  it("keeps going past a row that fails, with the reason on that row", async () => {
    const outcomes = await importRows(live.context(), live.dataSourceId, previewImport(FILE).rows);
    expect(outcomes[3]).toMatchObject({
      status: "failed",
      line: 5,
      title: "Bad link",
      code: "destination_unsafe_scheme",
      message: expect.stringContaining('"javascript:" address'),
    });
    expect(outcomes[4]).toMatchObject({
      status: "failed",
      line: 6,
      code: "invalid_input",
      message: expect.stringContaining("at most 50 tags"),
    });
    expect(outcomes[5]).toMatchObject({ status: "created", title: "Autumn" });
  });

  it("reads the schema once per import: 3 Notion requests per new row, 1 per row already there", async () => {
    const rows = previewImport(
      [
        "title,destination",
        ...Array.from({ length: 10 }, (_, i) => `R${i},https://shop.example/r/${i}`),
      ].join("\n"),
    ).rows;
    await live.sandbox.control.resetRequestLog();
    await importRows(live.context(), live.dataSourceId, rows);
    expect((await live.sandbox.control.requestLog()).total).toBe(1 + 3 * 10);
    await live.sandbox.control.resetRequestLog();
    await importRows(live.context(), live.dataSourceId, rows);
    expect((await live.sandbox.control.requestLog()).total).toBe(1 + 10);
  });

  it("gives two rows sharing a destination a row and a link each", async () => {
    const outcomes = await importRows(
      live.context(),
      live.dataSourceId,
      previewImport("title,destination\nA,https://shop.example/x\nB,https://shop.example/x\n").rows,
      { concurrency: 8 },
    );
    const pages = outcomes.map((o) => (o.status === "created" ? o.pageId : null));
    expect(new Set(pages).size).toBe(2);
    expect(pages).not.toContain(null);
    expect(await live.rowCount()).toBe(2);
  });
});
