import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PgliteThread } from "./pglite-thread";
import { jobsSchemaFor, quotedSchema, type SqlClient, type SqlQueryable } from "./sql-client";

/**
 * One PGlite database (PostgreSQL compiled to WebAssembly, on its own thread: `PgliteThread`). PGlite has a single
 * session, so the host runs one logical operation at a time (a query, or a whole transaction) and switches
 * `search_path` when operations of different schemas take turns.
 */
class PgliteHost {
  private queue: Promise<unknown> = Promise.resolve();
  private currentSchema: string | null = null;

  constructor(readonly db: PgliteThread) {}

  run<T>(schema: string, work: (db: PgliteThread) => Promise<T>): Promise<T> {
    const turn = this.queue.then(async () => {
      if (this.currentSchema !== schema) {
        await this.db.exec(`SET search_path TO ${quotedSchema(schema)}`);
        this.currentSchema = schema;
      }
      return work(this.db);
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}

export interface PgliteClientOptions {
  /** A directory holding the database files; omitted: an in-memory database that ends with the process. */
  readonly dataDir?: string;
}

/**
 * Booting PGlite runs initdb in WebAssembly, which takes seconds; a fresh cluster's files are the same every time,
 * so the first boot on a machine saves them (a tarball in the temporary directory) and later boots load them.
 */
let bootImagePath: Promise<string> | undefined;

function bootImageFile(): Promise<string> {
  bootImagePath ??= (async () => {
    const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
    const { version } = JSON.parse(await readFile(join(dirname(entry), "..", "package.json"), "utf8")) as {
      version: string;
    };
    return join(tmpdir(), `linksync-pglite-${version}-boot.tar`);
  })();
  return bootImagePath;
}

async function bootImage(): Promise<ArrayBuffer | undefined> {
  try {
    const file = await readFile(await bootImageFile());
    return file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
  } catch {
    return undefined;
  }
}

async function saveBootImage(db: PgliteThread): Promise<void> {
  const image = await db.dump();
  const file = await bootImageFile();
  const partial = `${file}.${randomBytes(6).toString("hex")}`;
  await writeFile(partial, Buffer.from(image));
  await rename(partial, file);
}

async function bootPglite(dataDir: string | undefined): Promise<PgliteThread> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const image = await bootImage();
  const existing = dataDir !== undefined && (await hasCluster(dataDir));
  const db = await PgliteThread.start({
    ...(dataDir !== undefined && { dataDir }),
    ...(image !== undefined && !existing && { image }),
  });
  if (image === undefined && dataDir === undefined) await saveBootImage(db).catch(() => undefined);
  return db;
}

async function hasCluster(dataDir: string): Promise<boolean> {
  try {
    await readFile(join(dataDir, "PG_VERSION"));
    return true;
  } catch {
    return false;
  }
}

/**
 * Every in-memory client of the process shares one PGlite, each in its own schema (dropped on close). Once the last
 * client closes, the PGlite and its thread end too after `SHARED_IDLE_CLOSE_MS` (a client opened meanwhile keeps
 * it), freeing its memory; the grace spares tests that close one server and start the next a boot each. The thread
 * never keeps the process alive while idle, so a script that started and closed an in-memory server exits.
 */
let sharedMemoryHost: Promise<PgliteHost> | undefined;
let sharedClients = 0;
let idleClose: NodeJS.Timeout | undefined;
export const SHARED_IDLE_CLOSE_MS = 1000;

function acquireMemoryHost(): Promise<PgliteHost> {
  clearTimeout(idleClose);
  sharedClients += 1;
  sharedMemoryHost ??= bootPglite(undefined).then((db) => new PgliteHost(db));
  return sharedMemoryHost;
}

function releaseMemoryHost(): void {
  sharedClients -= 1;
  if (sharedClients > 0) return;
  idleClose = setTimeout(() => {
    const host = sharedMemoryHost;
    sharedMemoryHost = undefined;
    void host?.then((idle) => idle.db.close()).catch(() => undefined);
  }, SHARED_IDLE_CLOSE_MS);
  idleClose.unref();
}

export class PgliteClient implements SqlClient {
  readonly engine = "pglite" as const;

  /** What `listen` subscribed, undone on close: on the shared host, a closed client leaves nothing behind. */
  private readonly unlistens: (() => Promise<void>)[] = [];

  private constructor(
    private readonly host: PgliteHost,
    readonly schema: string,
    private readonly ownsHost: boolean,
  ) {}

  static async open(options: PgliteClientOptions = {}): Promise<PgliteClient> {
    if (options.dataDir !== undefined) {
      return new PgliteClient(new PgliteHost(await bootPglite(options.dataDir)), "public", true);
    }
    const schema = `mem_${randomBytes(8).toString("hex")}`;
    try {
      const host = await acquireMemoryHost();
      await host.db.exec(`CREATE SCHEMA ${quotedSchema(schema)}`);
      return new PgliteClient(host, schema, false);
    } catch (error) {
      releaseMemoryHost();
      throw error;
    }
  }

  query<Row extends object>(text: string, params: readonly unknown[] = []): Promise<{ rows: Row[] }> {
    return this.host.run(this.schema, (db) => db.query<Row>(text, params));
  }

  exec<Row extends object>(script: string): Promise<{ rows: Row[] }> {
    return this.host.run(this.schema, (db) => db.exec<Row>(script));
  }

  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    return this.host.run(this.schema, async (db) => {
      const tx: SqlQueryable = {
        query: (text, params = []) => db.query(text, params),
        exec: (script) => db.exec(script),
      };
      await db.exec("BEGIN");
      try {
        const result = await work(tx);
        await db.exec("COMMIT");
        return result;
      } catch (error) {
        await db.exec("ROLLBACK");
        throw error;
      }
    });
  }

  /** A single process has nobody else to hear from, but the same NOTIFY statements run, so the same code paths do. */
  async listen(channel: string, onPayload: (payload: string) => void): Promise<void> {
    this.unlistens.push(await this.host.db.listen(this.channel(channel), onPayload));
  }

  /** The channels this client's host listens on, for every client sharing it (tests check nothing piles up). */
  get hostListenedChannels(): readonly string[] {
    return this.host.db.listenedChannels;
  }

  /** In the shared in-memory database each client's notifications stay its own. */
  channel(name: string): string {
    return this.ownsHost ? name : `${name}_${this.schema}`;
  }

  async close(): Promise<void> {
    if (this.ownsHost) {
      await this.host.run(this.schema, (db) => db.close());
      return;
    }
    try {
      for (const unlisten of this.unlistens.splice(0)) await unlisten();
      await this.host.run(this.schema, async (db) => {
        await db.exec(
          `SET search_path TO public; DROP SCHEMA ${quotedSchema(this.schema)} CASCADE; DROP SCHEMA IF EXISTS ${quotedSchema(jobsSchemaFor(this.schema))} CASCADE`,
        );
      });
    } finally {
      releaseMemoryHost();
    }
  }
}
