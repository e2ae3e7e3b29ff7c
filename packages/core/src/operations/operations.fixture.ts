import { type RunningSandbox, startSandbox } from "@linksync/notion-sandbox";
import { type RunningShortener, startShortener } from "@linksync/shortener";
import { FakeClock } from "../clock/clock";
import { defaultFieldMap, FIELDS } from "../fields/field-map";
import { createNotionGateway } from "../notion/gateway";
import { createLinksyncShortenerProvider } from "../providers/linksync-shortener";
import { columnDefinition } from "../schema/column-definitions";
import type { OperationContext } from "./operation-context";

/** A Linksync database with every column at its default name, as attach or create mode leaves it. */
export function linksyncColumns(): Record<string, unknown> {
  return Object.fromEntries(FIELDS.map((f) => [f.defaultName, columnDefinition(f.type)]));
}

export interface LiveServices {
  readonly sandbox: RunningSandbox;
  readonly shortener: RunningShortener;
  readonly token: string;
  readonly dataSourceId: string;
  /** Starts at the sandbox's time; `advance` moves both, so Linksync's timestamps and Notion's agree. */
  readonly clock: FakeClock;
  /**
   * A fresh context on the sandbox and the shortener, as a stateless client (Zapier) builds one per call.
   * `notionVersion`: another than the pinned one, to prove the operations under it.
   */
  context(options?: { readonly notionVersion?: string }): OperationContext;
  advance(ms: number): Promise<void>;
  /** Rows in the sandbox's databases, read from its own store (no query, so no index lag). */
  rowCount(): Promise<number>;
  close(): Promise<void>;
}

/** The real sandbox and shortener on loopback, one seeded Linksync database, no rows. */
export async function startLiveServices(): Promise<LiveServices> {
  const sandbox = await startSandbox({ rateLimit: false });
  const shortener = await startShortener({ apiKey: "test-shortener-key" });
  const seeded = await sandbox.control.seedWorkspace({
    workspaceName: "Acme Marketing",
    pages: [{ title: "Campaigns" }],
    databases: [{ title: "Links", properties: linksyncColumns() }],
  });
  const database = seeded.databases.Links;
  if (!database) throw new Error("The sandbox did not seed the Links database.");
  const clock = new FakeClock(Date.parse((await sandbox.control.now()).now));
  const provider = createLinksyncShortenerProvider({ baseUrl: shortener.url, apiKey: shortener.apiKey });
  return {
    sandbox,
    shortener,
    token: seeded.token,
    dataSourceId: database.dataSourceId,
    clock,
    advance: async (ms) => {
      await sandbox.control.advanceClock(ms);
      await clock.advance(ms);
    },
    context: (options = {}) => ({
      clock,
      notion: createNotionGateway({
        auth: seeded.token,
        baseUrl: sandbox.baseUrl,
        ...(options.notionVersion ? { notionVersion: options.notionVersion } : {}),
        scheduler: { ratePerSecond: 1000, burst: 1000 },
      }),
      provider,
      fieldMap: defaultFieldMap(),
    }),
    rowCount: async () => {
      const snapshot = await sandbox.control.snapshot();
      return snapshot.pages.filter((p) => p.parent.type === "data_source").length;
    },
    close: async () => {
      await Promise.all([sandbox.close(), shortener.close()]);
    },
  };
}
