import { type IssuedToken, issueToken, type TokenOptions } from "../auth/tokens";
import { newId } from "../ids/ids";
import { textItem } from "../properties/rich-text";
import { parseSchema } from "../properties/schema";
import type { SandboxServices } from "../server/services";
import type { PageParent } from "../store/types";
import { markUploadsAttached, writeValues } from "../writes/page-values";
import { type PlainValue, toPropertyRequests } from "./plain-values";

/** A workspace described as JSON, for `seedWorkspace`. Property configs use Notion's request shapes. */
export interface WorkspaceSeed {
  workspaceName?: string;
  /** People in the workspace (authors of human edits). The first one is the default person. */
  people?: { name: string; email?: string }[];
  /** The integration whose token is returned. */
  integration?: TokenOptions;
  /** Top-level pages; databases are placed under `parentPage` or under the first page. */
  pages?: { title: string }[];
  databases?: {
    title: string;
    parentPage?: string;
    /** e.g. `{ Name: { title: {} }, Destination: { url: {} }, Tags: { multi_select: { options: [{ name: "promo" }] } } }` */
    properties: Record<string, unknown>;
    /** Rows as plain values or Notion property requests, keyed by property name. */
    rows?: Record<string, PlainValue>[];
  }[];
}

export interface SeededDatabase {
  databaseId: string;
  dataSourceId: string;
  pageIds: string[];
}

export interface WorkspaceSeedResult extends IssuedToken {
  personIds: Record<string, string>;
  pageIds: Record<string, string>;
  databases: Record<string, SeededDatabase>;
}

/** Builds a workspace through the same validation the API applies, so seeded data is data Notion could hold. */
export function seedWorkspace(services: SandboxServices, seed: WorkspaceSeed): WorkspaceSeedResult {
  const { store } = services;
  if (seed.workspaceName) store.workspace = { ...store.workspace, name: seed.workspaceName };
  const issued = issueToken(store, seed.integration);
  const personIds: Record<string, string> = {};
  for (const person of seed.people ?? [{ name: "Ada Lovelace", email: "ada@example.com" }]) {
    personIds[person.name] = store.addUser({
      id: newId(),
      name: person.name,
      kind: "person",
      email: person.email ?? null,
    }).id;
  }
  const author = Object.values(personIds)[0] ?? issued.botUserId;
  const pageIds: Record<string, string> = {};
  for (const page of seed.pages ?? []) {
    pageIds[page.title] = createStandalonePage(services, page.title, author);
  }
  const databases: Record<string, SeededDatabase> = {};
  for (const database of seed.databases ?? []) {
    const parentTitle = database.parentPage ?? Object.keys(pageIds)[0] ?? "Sandbox Home";
    pageIds[parentTitle] ??= createStandalonePage(services, parentTitle, author);
    const parentPageId = pageIds[parentTitle];
    const title = [textItem(database.title)];
    const created = store.createDatabase(
      {
        parent: parentPageId ? { type: "page", pageId: parentPageId } : { type: "workspace" },
        title,
        description: [],
        isInline: false,
        dataSource: {
          title,
          properties: parseSchema(database.properties, `databases.${database.title}.properties`),
        },
      },
      author,
    );
    const parent: PageParent = {
      type: "data_source",
      dataSourceId: created.dataSource.id,
      databaseId: created.database.id,
    };
    const rowIds = (database.rows ?? []).map((row) => {
      const requests = toPropertyRequests(created.dataSource.properties, row);
      const values = writeValues(services, parent, created.dataSource.properties, requests, author);
      markUploadsAttached(services, values);
      return store.createPage(parent, values, author, true).id;
    });
    databases[database.title] = {
      databaseId: created.database.id,
      dataSourceId: created.dataSource.id,
      pageIds: rowIds,
    };
  }
  return { ...issued, personIds, pageIds, databases };
}

function createStandalonePage(services: SandboxServices, title: string, authorId: string): string {
  const values = { title: { type: "title" as const, richText: [textItem(title)] } };
  return services.store.createPage({ type: "workspace" }, values, authorId, true).id;
}
