import { describe, expect, it } from "vitest";
import { type NotionWebhookEvent, notionEventAction, parseNotionEvent } from "./notion-event";

const BOT = "bot-1";

function event(type: string, data: NotionWebhookEvent["data"], entityType = "page"): NotionWebhookEvent {
  return {
    id: "evt",
    timestamp: "2026-01-01T00:00:00.000Z",
    workspace_id: "ws",
    workspace_name: "Acme",
    subscription_id: "sub",
    integration_id: BOT,
    authors: [{ id: "person-1", type: "person" }],
    attempt_number: 1,
    api_version: "2025-09-03",
    type,
    entity: { id: "entity-1", type: entityType },
    ...(data ? { data } : {}),
  };
}

const inDatabase = { parent: { id: "db-1", type: "database", data_source_id: "ds-1" } };

describe("what a Notion event makes the engine do", () => {
  it("syncs the row a person created or edited in a database", () => {
    for (const type of ["page.created", "page.properties_updated"]) {
      expect(notionEventAction(event(type, inDatabase), [BOT])).toEqual({
        kind: "sync_rows",
        dataSourceId: "ds-1",
        pageIds: ["entity-1"],
      });
    }
  });

  it("checks the schema of a data source whose schema changed", () => {
    const schema = event(
      "data_source.schema_updated",
      { parent: { id: "db-1", type: "database" } },
      "data_source",
    );
    expect(notionEventAction(schema, [BOT])).toEqual({ kind: "check_schema", dataSourceId: "entity-1" });
  });

  it("ignores our own bot's edits, pages outside databases, and events it does not act on", () => {
    const own = {
      ...event("page.properties_updated", inDatabase),
      authors: [{ id: BOT, type: "bot" as const }],
    };
    expect(notionEventAction(own, [BOT])).toEqual({ kind: "ignore", reason: "own_bot" });
    const loose = event("page.created", { parent: { id: "page-0", type: "page" } });
    expect(notionEventAction(loose, [BOT])).toEqual({ kind: "ignore", reason: "not_synced" });
    expect(notionEventAction(event("page.deleted", inDatabase), [BOT])).toEqual({
      kind: "ignore",
      reason: "unsupported_type",
    });
  });

  it("refuses a body that is not shaped like an event", () => {
    expect(parseNotionEvent(event("page.created", inDatabase))).not.toBeNull();
    expect(parseNotionEvent({ id: "evt", type: "page.created" })).toBeNull();
    expect(
      parseNotionEvent({ ...event("page.created", inDatabase), authors: [{ type: "person" }] }),
    ).toBeNull();
    expect(parseNotionEvent([1, 2])).toBeNull();
  });
});
