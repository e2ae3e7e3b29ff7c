import { describe, expect, it } from "vitest";
import { ChangeFeedIndex } from "./change-feed-index";

describe("ChangeFeedIndex", () => {
  it("pages ids in change order and lists an edited id only at its latest change", () => {
    const index = new ChangeFeedIndex();
    index.add("a", 1);
    index.add("b", 2);
    index.add("c", 3);
    index.add("a", 4);
    expect(index.page(0, 2)).toEqual({ ids: ["b", "c"], hasMore: true });
    expect(index.page(3, 2)).toEqual({ ids: ["a"], hasMore: false });
    expect(index.page(4, 2)).toEqual({ ids: [], hasMore: false });
  });

  it("stays correct after dropping stale entries", () => {
    const index = new ChangeFeedIndex();
    let seq = 0;
    for (let round = 0; round < 500; round++) {
      for (const id of ["x", "y", "z"]) index.add(id, ++seq);
    }
    expect(index.page(0, 10)).toEqual({ ids: ["x", "y", "z"], hasMore: false });
    expect(index.page(seq - 1, 10)).toEqual({ ids: ["z"], hasMore: false });
  });
});
