import { defaultFieldMap, FIELDS } from "@linksync/core";
import { describe, expect, it } from "vitest";
import { movedColumns } from "./moved-columns";

describe("movedColumns", () => {
  const saved = defaultFieldMap();

  it("lists the fields pointed at another column, with both column names", () => {
    expect(movedColumns(saved, { ...saved, destination: "Landing page" }, FIELDS)).toEqual([
      { role: "destination", field: "Destination", from: "Destination", to: "Landing page" },
    ]);
  });

  it("lists nothing for a map saved unchanged, and a field newly mapped or unmapped as moved", () => {
    expect(movedColumns(saved, { ...saved }, FIELDS)).toEqual([]);
    const { tags: _tags, ...withoutTags } = saved;
    expect(movedColumns(saved, withoutTags, FIELDS)).toEqual([
      { role: "tags", field: "Tags", from: "Tags", to: null },
    ]);
  });
});
