import { describe, expect, it } from "vitest";
import { contractSnapshot } from "../contracts/state-store.contract";
import { mostClicked } from "./top-links";

async function* scan(clicks: readonly number[]) {
  for (const [i, count] of clicks.entries()) yield contractSnapshot(`p${i}`, { clicks: count });
}

describe("mostClicked", () => {
  it("keeps the most clicked rows, most first, ties in scan order", async () => {
    const top = await mostClicked(scan([3, 9, 1, 9, 5, 0, 7]), 4);
    expect(top.map((s) => [s.pageId, s.clicks])).toEqual([
      ["p1", 9],
      ["p3", 9],
      ["p6", 7],
      ["p4", 5],
    ]);
  });

  it("returns every row when there are fewer than asked, and none when asked for none", async () => {
    expect((await mostClicked(scan([2, 4]), 10)).map((s) => s.clicks)).toEqual([4, 2]);
    expect(await mostClicked(scan([2, 4]), 0)).toEqual([]);
  });
});
