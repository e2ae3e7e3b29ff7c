import { Worker } from "node:worker_threads";

/** What the server's thread asks of the engine's thread (`pglite-worker.mjs`); run one at a time, in order. */
type Operation =
  | { readonly op: "open"; readonly dataDir?: string; readonly image?: ArrayBuffer }
  | { readonly op: "query"; readonly text: string; readonly params: readonly unknown[] }
  | { readonly op: "exec"; readonly script: string }
  | { readonly op: "listen" | "unlisten"; readonly channel: string }
  | { readonly op: "dump" }
  | { readonly op: "close" };

interface Result {
  readonly rows?: unknown[];
  readonly image?: ArrayBuffer;
}

type WorkerMessage =
  | { readonly id: number; readonly result: Result }
  | { readonly id: number; readonly error: { readonly name: string; readonly message: string } }
  | { readonly db: number; readonly channel: string; readonly payload: string };

/**
 * The process's one engine thread (node:worker_threads), hosting every PGlite database the process opens. PGlite is
 * PostgreSQL compiled to WebAssembly, which runs synchronously: on the server's thread every statement (a clicks
 * flush, a cold lookup, a create) held the redirects waiting behind it. Here the server's thread posts a request and
 * keeps answering. One thread for all databases, started with the first and ended after the last closes: a thread
 * per database paid a thread start and PGlite's module load at every boot (seconds on a busy machine).
 *
 * The thread keeps the process alive only while a request is in flight, as PGlite in the server's thread did; PGlite
 * re-arms a 10-second statistics timer while a database is open, which ends with the thread.
 */
class EngineThread {
  private nextId = 0;
  private nextDatabase = 0;
  private readonly pending = new Map<number, { resolve(result: Result): void; reject(error: Error): void }>();
  private readonly notifications = new Map<number, (channel: string, payload: string) => void>();
  private stopped: Error | null = null;

  constructor(private readonly worker: Worker) {
    worker.on("message", (message: WorkerMessage) => this.receive(message));
    worker.on("error", (error) => this.stop(error));
    worker.on("exit", (code) =>
      this.stop(new Error(`The embedded database's thread stopped (exit code ${code}).`)),
    );
    worker.unref();
  }

  /** A new database number, whose NOTIFY payloads go to `onNotification`. */
  register(onNotification: (channel: string, payload: string) => void): number {
    const db = this.nextDatabase++;
    this.notifications.set(db, onNotification);
    return db;
  }

  unregister(db: number): void {
    this.notifications.delete(db);
  }

  get databases(): number {
    return this.notifications.size;
  }

  request(db: number, operation: Operation, transfer: ArrayBuffer[] = []): Promise<Result> {
    if (this.stopped !== null) return Promise.reject(this.stopped);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, db, ...operation }, transfer);
    });
  }

  /** Ended (or crashed): a database opened now needs a new thread. */
  get ended(): boolean {
    return this.stopped !== null;
  }

  async terminate(): Promise<void> {
    this.stop(new Error("The embedded database's thread was ended."));
    await this.worker.terminate();
  }

  private receive(message: WorkerMessage): void {
    if ("channel" in message) {
      this.notifications.get(message.db)?.(message.channel, message.payload);
      return;
    }
    const waiting = this.pending.get(message.id);
    if (waiting === undefined) return;
    this.settled(message.id);
    if ("error" in message) waiting.reject(Object.assign(new Error(message.error.message), message.error));
    else waiting.resolve(message.result);
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }

  private stop(reason: Error): void {
    if (this.stopped !== null) return;
    this.stopped = reason;
    for (const [id, waiting] of this.pending) {
      this.settled(id);
      waiting.reject(reason);
    }
  }
}

let engine: Promise<EngineThread> | undefined;

/** The engine thread, started on first use. */
function engineThread(): Promise<EngineThread> {
  engine ??= Promise.resolve(
    new EngineThread(
      new Worker(new URL("./pglite-worker.mjs", import.meta.url), {
        // Plain JavaScript: none of the parent's loaders (tsx, vitest), which cost a thread seconds to start.
        execArgv: [],
      }),
    ),
  );
  return engine;
}

/** Ends the engine thread once no database is open on it (none opened since). */
async function endIfUnused(thread: EngineThread): Promise<void> {
  if ((await engine) !== thread || thread.databases > 0) return;
  engine = undefined;
  await thread.terminate();
}

export interface PgliteThreadOptions {
  /** A directory holding the database files; omitted: in memory. */
  readonly dataDir?: string;
  /** A saved cluster (`dump`) to start from instead of running initdb. */
  readonly image?: ArrayBuffer;
}

/** One PGlite database on the engine thread. */
export class PgliteThread {
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly thread: EngineThread,
    private readonly db: number,
  ) {}

  static async start(options: PgliteThreadOptions): Promise<PgliteThread> {
    let thread = await engineThread();
    while (thread.ended) {
      // Its last database closed while this one waited for it, or it crashed: a new thread.
      if ((await engine) === thread) engine = undefined;
      thread = await engineThread();
    }
    let database: PgliteThread | undefined;
    const db = thread.register((channel, payload) => database?.notify(channel, payload));
    try {
      await thread.request(
        db,
        {
          op: "open",
          ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
          ...(options.image !== undefined && { image: options.image }),
        },
        options.image === undefined ? [] : [options.image],
      );
    } catch (error) {
      thread.unregister(db);
      await endIfUnused(thread);
      throw error;
    }
    database = new PgliteThread(thread, db);
    return database;
  }

  async query<Row extends object>(text: string, params: readonly unknown[]): Promise<{ rows: Row[] }> {
    return {
      rows: ((await this.thread.request(this.db, { op: "query", text, params })).rows ?? []) as Row[],
    };
  }

  /** Runs a script of statements; answers the rows of the last one. */
  async exec<Row extends object>(script: string): Promise<{ rows: Row[] }> {
    return { rows: ((await this.thread.request(this.db, { op: "exec", script })).rows ?? []) as Row[] };
  }

  /** Calls `onPayload` for every NOTIFY on `channel`; answers the function that stops it. */
  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    let callbacks = this.listeners.get(channel);
    if (callbacks === undefined) {
      callbacks = new Set();
      this.listeners.set(channel, callbacks);
      await this.thread.request(this.db, { op: "listen", channel });
    }
    callbacks.add(onPayload);
    return async () => {
      callbacks.delete(onPayload);
      if (callbacks.size > 0 || this.listeners.get(channel) !== callbacks) return;
      this.listeners.delete(channel);
      if (this.closing === undefined) await this.thread.request(this.db, { op: "unlisten", channel });
    };
  }

  /** The channels something listens on (tests check that closed clients leave none). */
  get listenedChannels(): readonly string[] {
    return [...this.listeners.keys()];
  }

  /** The whole cluster as a tarball (PGlite's `dumpDataDir`), uncompressed. */
  async dump(): Promise<ArrayBuffer> {
    const { image } = await this.thread.request(this.db, { op: "dump" });
    if (image === undefined) throw new Error("The embedded database answered a dump without an image.");
    return image;
  }

  /** Closes the database (writing what it holds); the thread ends with the last database. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.thread.request(this.db, { op: "close" });
      } finally {
        this.thread.unregister(this.db);
        await endIfUnused(this.thread);
      }
    })();
    return this.closing;
  }

  private notify(channel: string, payload: string): void {
    for (const onPayload of this.listeners.get(channel) ?? []) onPayload(payload);
  }
}
