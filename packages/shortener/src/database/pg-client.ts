import pg from "pg";
import { quotedSchema, type SqlClient, type SqlQueryable } from "./sql-client";

export interface PgClientOptions {
  /** `postgres://user:password@host:port/database` (checked by `parseDatabaseUrl` first). */
  readonly connectionString: string;
  /** Tables live in this schema instead of `public` (tests use one per run). */
  readonly schema?: string;
  /** Connections per instance; default 10. */
  readonly maxConnections?: number;
  readonly onError: (error: unknown) => void;
}

const LISTEN_RETRY_MS = 1000;

// bigint columns (counts, change positions) fit in a double for any realistic count; read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** PostgreSQL through a `pg` pool; LISTEN runs on one dedicated connection that reconnects when it drops. */
export class PgClient implements SqlClient {
  readonly engine = "postgres" as const;
  readonly schema: string;
  private readonly pool: pg.Pool;
  private listener: pg.Client | null = null;
  private readonly channels = new Map<string, { onPayload: (p: string) => void; onGap: () => void }>();
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: PgClientOptions) {
    this.schema = options.schema ?? "public";
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      ...(options.schema !== undefined && { options: `-c search_path=${quotedSchema(options.schema)}` }),
    });
    this.pool.on("error", (error) => options.onError(error));
  }

  async query<Row extends object>(text: string, params: readonly unknown[] = []): Promise<{ rows: Row[] }> {
    const result = await this.pool.query(text, params as unknown[]);
    return { rows: result.rows as Row[] };
  }

  async exec<Row extends object>(script: string): Promise<{ rows: Row[] }> {
    return { rows: lastRows<Row>(await this.pool.query(script)) };
  }

  async transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const tx: SqlQueryable = {
        query: async <Row extends object>(text: string, params: readonly unknown[] = []) => ({
          rows: (await client.query(text, params as unknown[])).rows as Row[],
        }),
        exec: async <Row extends object>(script: string) => ({
          rows: lastRows<Row>(await client.query(script)),
        }),
      };
      const result = await work(tx);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async listen(channel: string, onPayload: (payload: string) => void, onGap: () => void): Promise<void> {
    this.channels.set(this.channel(channel), { onPayload, onGap });
    if (this.listener) await this.listener.query(`LISTEN ${this.channel(channel)}`);
    else await this.connectListener();
  }

  channel(name: string): string {
    return this.options.schema === undefined ? name : `${name}_${this.options.schema}`;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  private async connectListener(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString });
    client.on("notification", (message) => {
      this.channels.get(message.channel)?.onPayload(message.payload ?? "");
    });
    client.on("error", (error) => {
      this.options.onError(error);
      this.dropListener(client);
    });
    client.on("end", () => this.dropListener(client));
    await client.connect();
    for (const channel of this.channels.keys()) await client.query(`LISTEN ${channel}`);
    this.listener = client;
  }

  /** Notifications sent while no connection listened are lost: every channel is told so once it listens again. */
  private dropListener(client: pg.Client): void {
    if (this.listener !== client || this.closed) return;
    this.listener = null;
    const retry = (): void => {
      this.reconnectTimer = null;
      if (this.closed) return;
      this.connectListener().then(
        () => {
          for (const { onGap } of this.channels.values()) onGap();
        },
        (error: unknown) => {
          this.options.onError(error);
          this.reconnectTimer = setTimeout(retry, LISTEN_RETRY_MS);
          this.reconnectTimer.unref();
        },
      );
    };
    for (const { onGap } of this.channels.values()) onGap();
    retry();
  }
}

/** A script of several statements answers one result per statement (an array); a single one, the result itself. */
function lastRows<Row extends object>(result: pg.QueryResult | pg.QueryResult[]): Row[] {
  const last = Array.isArray(result) ? result.at(-1) : result;
  return (last?.rows ?? []) as Row[];
}
