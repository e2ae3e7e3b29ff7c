import {
  type Agent,
  type AgentStatus,
  type ConflictEvent,
  type ConflictRecord,
  type DatabaseSummary,
  EventBus,
  type FieldMapReport,
  NotionError,
  previewImport,
} from "@linksync/core";

/**
 * A small in-memory `Agent` for tests of the bridges and screens at volumes the real engine would need minutes to
 * produce (1,000 conflicts). Whole-flow tests use the real agent against the sandbox and the shortener.
 */
export class ScriptedAgent implements Agent {
  readonly events = new EventBus();
  readonly calls: { name: string; args: unknown[] }[] = [];
  databases: DatabaseSummary[] = [];
  private readonly conflictList: ConflictRecord[] = [];

  async open(): Promise<void> {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  private record(name: string, args: unknown[]): void {
    this.calls.push({ name, args });
  }

  async addConnection(input: Parameters<Agent["addConnection"]>[0]) {
    this.record("addConnection", [input.label]);
    return {
      id: "conn-1",
      label: input.label ?? "Workspace",
      workspaceName: "Acme",
      state: "connected" as const,
    };
  }
  async removeConnection(connectionId: string) {
    this.record("removeConnection", [connectionId]);
  }
  async searchDatabases(connectionId: string, query: string) {
    this.record("searchDatabases", [connectionId, query]);
    return [];
  }
  async inspectDatabase(connectionId: string, dataSourceId: string): Promise<FieldMapReport> {
    this.record("inspectDatabase", [connectionId, dataSourceId]);
    throw new NotionError("object_not_found", "Share the database with the integration first.", {
      endpoint: "dataSources.retrieve",
    });
  }
  async attachDatabase(input: Parameters<Agent["attachDatabase"]>[0]) {
    this.record("attachDatabase", [input]);
    const summary = database(input.dataSourceId, input.dataSourceId);
    this.databases.push(summary);
    return summary;
  }
  async createDatabase(input: Parameters<Agent["createDatabase"]>[0]) {
    this.record("createDatabase", [input]);
    return database("created", input.title ?? "Linksync Links");
  }
  async detachDatabase(databaseId: string) {
    this.record("detachDatabase", [databaseId]);
  }
  async addColumn(): Promise<never> {
    throw new Error("not scripted");
  }
  async updateProvider(connectionId: string) {
    this.record("updateProvider", [connectionId]);
  }
  async remapDatabase(): Promise<never> {
    throw new Error("not scripted");
  }
  async syncNow(databaseId?: string) {
    this.record("syncNow", [databaseId]);
    return [];
  }
  async pause(databaseId: string) {
    this.record("pause", [databaseId]);
  }
  async resume(databaseId: string) {
    this.record("resume", [databaseId]);
  }
  async forceResync(databaseId: string) {
    this.record("forceResync", [databaseId]);
  }
  async updateDestination(): Promise<never> {
    throw new Error("not scripted");
  }
  /** Core's own pure preview: the Import screen's checks are the real ones. */
  async previewImport(_databaseId: string, csvText: string) {
    return previewImport(csvText);
  }
  async importCsv(): Promise<never> {
    throw new Error("not scripted");
  }
  status(): AgentStatus {
    return {
      connections: [],
      databases: this.databases,
      unreadConflicts: this.conflictList.filter((conflict) => !conflict.acknowledged).length,
      pendingWrites: 0,
    };
  }
  conflicts(): readonly ConflictRecord[] {
    return this.conflictList;
  }
  async acknowledgeConflict(conflictId: string) {
    const index = this.conflictList.findIndex((conflict) => conflict.conflictId === conflictId);
    const found = this.conflictList[index];
    if (found) this.conflictList[index] = { ...found, acknowledged: true };
  }
  async topLinks() {
    return [];
  }
  async clicksOverTime() {
    return [];
  }

  /** Adds a conflict as the engine would: recorded, then emitted. */
  raiseConflict(conflict: ConflictEvent): void {
    this.conflictList.push({ ...conflict, acknowledged: false });
    this.events.emit("conflict", conflict);
  }
}

export function database(
  id: string,
  title: string,
  state: DatabaseSummary["state"] = { kind: "synced" },
): DatabaseSummary {
  return {
    id,
    connectionId: "conn-1",
    dataSourceId: id,
    title,
    url: `https://www.notion.so/${id}`,
    state,
    rows: 10,
    linked: 10,
    lastSyncAt: "2026-01-01T00:00:00.000Z",
    nextSyncAt: "2026-01-01T00:05:00.000Z",
    pendingWrites: 0,
  };
}

export function conflictEvent(index: number): ConflictEvent {
  return {
    conflictId: `conflict-${index}`,
    databaseId: "db-1",
    pageId: `page-${index}`,
    pageUrl: `https://www.notion.so/page-${index}`,
    title: `Spring launch ${index}`,
    linkId: `link-${index}`,
    field: "destination",
    kept: `https://acme.example/notion/${index}`,
    dropped: `https://acme.example/zapier/${index}`,
    droppedSource: "zapier",
    winner: "notion",
    at: new Date(Date.UTC(2026, 0, 1, 12, 0, index % 60)).toISOString(),
  };
}
