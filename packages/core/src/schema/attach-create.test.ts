import { describe, expect, it } from "vitest";
import { defaultFieldMap } from "../fields/field-map";
import { planAttach } from "./attach";
import { createModeProperties, DEFAULT_DATABASE_TITLE } from "./create";
import { LINKSYNC_COLUMNS, schemaWith } from "./fixtures/schema-with";

describe("planAttach", () => {
  it("adds exactly the missing Linksync columns and leaves the user's alone", () => {
    const schema = schemaWith({
      Name: "title",
      Destination: "url",
      Tags: "multi_select",
      Sync: "select",
      Clicks: "number",
      "Short URL": "url",
      Notes: "rich_text",
    });
    expect(planAttach(schema, defaultFieldMap())).toMatchObject({
      ok: true,
      properties: {
        QR: { files: {} },
        "Last Synced": { date: {} },
        "Link ID": { rich_text: {} },
        "Synced Destination": { url: {} },
        "Sync Error": { rich_text: {} },
        "Conflict At": { date: {} },
        "Conflict Log": { rich_text: {} },
      },
    });
    const plan = planAttach(schema, defaultFieldMap());
    if (plan.ok) {
      expect(Object.keys(plan.properties)).not.toContain("Clicks");
      expect(Object.keys(plan.properties)).not.toContain("Notes");
      expect(Object.keys(plan.properties)).toHaveLength(7);
    }
  });

  it("adds nothing to a database that has every column", () => {
    const schema = schemaWith({
      Name: "title",
      Destination: "url",
      ...LINKSYNC_COLUMNS,
    });
    expect(planAttach(schema, { ...defaultFieldMap(), tags: undefined, sync: undefined })).toEqual({
      ok: true,
      properties: {},
      missing: [],
    });
  });

  it("creates a renamed Linksync column under the mapped name", () => {
    const plan = planAttach(schemaWith({ Name: "title", Destination: "url" }), {
      ...defaultFieldMap(),
      tags: undefined,
      sync: undefined,
      clicks: "Visits",
    });
    expect(plan.ok && plan.properties.Visits).toEqual({ number: { format: "number" } });
  });

  it("refuses to plan anything for an invalid map", () => {
    expect(
      planAttach(schemaWith({ Name: "title", Destination: "rich_text" }), defaultFieldMap()),
    ).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([expect.objectContaining({ code: "wrong_type", role: "destination" })]),
    });
  });
});

describe("createModeProperties", () => {
  it("defines every column of a new database with Sync's three options", () => {
    const plan = createModeProperties(defaultFieldMap());
    expect(plan).toEqual({
      ok: true,
      title: DEFAULT_DATABASE_TITLE,
      properties: {
        Name: { title: {} },
        Destination: { url: {} },
        Tags: { multi_select: { options: [] } },
        "Short URL": { url: {} },
        Clicks: { number: { format: "number" } },
        QR: { files: {} },
        "Last Synced": { date: {} },
        Sync: {
          select: {
            options: [
              { name: "Draft", color: "gray" },
              { name: "Live", color: "green" },
              { name: "Paused", color: "yellow" },
            ],
          },
        },
        "Link ID": { rich_text: {} },
        "Synced Destination": { url: {} },
        "Sync Error": { rich_text: {} },
        "Conflict At": { date: {} },
        "Conflict Log": { rich_text: {} },
      },
    });
    expect(DEFAULT_DATABASE_TITLE).toBe("Linksync Links");
  });

  it("leaves out unmapped optional columns and takes a custom title", () => {
    const plan = createModeProperties({ ...defaultFieldMap(), sync: undefined }, "Spring campaign");
    expect(plan.ok && plan.title).toBe("Spring campaign");
    expect(plan.ok && Object.keys(plan.properties)).not.toContain("Sync");
  });

  it("refuses a map with two roles on one column", () => {
    expect(createModeProperties({ ...defaultFieldMap(), qr: "Clicks" })).toMatchObject({
      ok: false,
      errors: [{ code: "duplicate_mapping", role: "qr" }],
    });
  });
});
