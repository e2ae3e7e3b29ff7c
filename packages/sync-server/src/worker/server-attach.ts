import { DEFAULT_REQUESTS_PER_SECOND } from "@linksync/core";
import { columnIdsOf, fieldMapFromSchema, planAttach, type QrImages } from "@linksync/core/engine";
import type { ConnectionRecord } from "@linksync/core/ports";
import { ConnectionAccounts } from "../accounts/connection-accounts";
import type { Gateways, WorkerPorts } from "./database-run";
import { type ServerDatabase, serverSecretNames } from "./server-databases";

export interface ServerConnectionInput {
  readonly id: string;
  /**
   * The server account (the link service's) the connection belongs to: its databases, their state, outbox, audit
   * and conflicts are reachable through that account's API only. Usually the account of `providerApiKey`.
   */
  readonly accountId: string;
  readonly workspaceId: string;
  readonly workspaceName: string;
  /** The Notion token: sealed in `sync_secrets`, never in the connection record. */
  readonly token: string;
  /** The link service the connection's databases use (this server's own API, usually). */
  readonly providerBaseUrl: string;
  readonly providerApiKey: string;
}

/**
 * Connects a Notion workspace to the server for an account: its record in the state, its token and provider key
 * sealed. A connection id another account holds is refused before anything is written.
 */
export async function connectServerWorkspace(
  ports: WorkerPorts,
  input: ServerConnectionInput,
): Promise<void> {
  const accounts = new ConnectionAccounts(ports.sql);
  const owner = await accounts.accountOf(input.id);
  if (owner !== null && owner !== input.accountId) {
    throw new Error(`Connection ${input.id} belongs to another account; choose another connection id.`);
  }
  const now = new Date(ports.clock.now()).toISOString();
  const record: ConnectionRecord = {
    id: input.id,
    workspaceId: input.workspaceId,
    workspaceName: input.workspaceName,
    secretName: serverSecretNames.notion(input.id),
    providerKind: "linksync-shortener",
    providerSecretName: serverSecretNames.provider(input.id),
    providerOptions: {},
    settings: {
      notionBaseUrl: null,
      requestsPerSecond: DEFAULT_REQUESTS_PER_SECOND,
      label: input.workspaceName,
      providerBaseUrl: input.providerBaseUrl,
      tokenRefresh: null,
    },
    status: "connected",
    connectedAt: now,
    updatedAt: now,
  };
  await ports.vault.set(record.secretName, input.token);
  await ports.vault.set(serverSecretNames.provider(input.id), input.providerApiKey);
  await ports.store.putConnection(record);
  if (!(await accounts.claim(input.id, input.accountId))) {
    throw new Error(`Connection ${input.id} was taken by another account meanwhile.`);
  }
}

export interface ServerAttachInput {
  readonly id: string;
  readonly connectionId: string;
  readonly dataSourceId: string;
  /** Consent to add the missing Linksync columns; without it, attaching a data source that lacks one fails. */
  readonly createMissingColumns: boolean;
  readonly qrImages?: QrImages;
}

/**
 * Attaches a data source for the server to sync: the field map is read from its schema (renamed columns followed),
 * checked as the agent checks it, the missing Linksync columns added on consent, and their property ids recorded.
 */
export async function attachServerDatabase(
  ports: WorkerPorts,
  gateways: Gateways,
  input: ServerAttachInput,
): Promise<ServerDatabase> {
  const connection = await ports.store.getConnection(input.connectionId);
  const gateway = connection === null ? null : await gateways.of(connection);
  if (gateway === null) throw new Error(`Connection ${input.connectionId} is not connected to this server.`);
  let schema = await gateway.retrieveDataSource(input.dataSourceId, { priority: "interactive" });
  const fieldMap = fieldMapFromSchema(schema);
  const plan = planAttach(schema, fieldMap);
  if (!plan.ok) throw new Error(plan.errors.map((error) => error.message).join(" "));
  if (plan.missing.length > 0) {
    if (!input.createMissingColumns) {
      throw new Error(
        `The data source lacks ${plan.missing.map((m) => `"${m.column}"`).join(", ")}: attach it with createMissingColumns to add them.`,
      );
    }
    schema = await gateway.updateDataSource(
      { data_source_id: input.dataSourceId, properties: plan.properties },
      { priority: "interactive" },
    );
  }
  const database: ServerDatabase = {
    id: input.id,
    connectionId: input.connectionId,
    dataSourceId: input.dataSourceId,
    title: schema.title.map((part) => part.plain_text).join(""),
    columnIds: columnIdsOf(schema, fieldMap),
    qrImages: input.qrImages ?? "link",
  };
  await ports.store.updateDatabase(
    { connectionId: input.connectionId, dataSourceId: input.dataSourceId },
    { title: database.title, fieldMap },
  );
  await ports.databases.put(database);
  return database;
}
