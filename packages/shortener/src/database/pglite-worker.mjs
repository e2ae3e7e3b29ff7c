// The embedded engine's own thread: the process's PGlite databases (PostgreSQL in WebAssembly), answering the
// requests `pglite-thread.ts` posts. WebAssembly runs synchronously, so a statement in the server's thread held every
// redirect until it finished (a clicks flush, a cold lookup); here it holds nobody. Plain JavaScript so the thread
// starts without a TypeScript loader; the message shapes are declared in `pglite-thread.ts`.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parentPort } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

if (parentPort === null) throw new Error("pglite-worker.mjs runs as a worker thread.");
const port = parentPort;

/** PGlite's WebAssembly compiled, and its file-system bundle read, once for every database of the thread. */
let artifacts;
function engineArtifacts() {
  artifacts ??= (async () => {
    const dist = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
    const load = (file) => readFile(join(dist, file));
    const [pglite, initdb, bundle] = await Promise.all(
      ["pglite.wasm", "initdb.wasm", "pglite.data"].map(load),
    );
    return {
      pgliteWasmModule: await WebAssembly.compile(pglite),
      initdbWasmModule: await WebAssembly.compile(initdb),
      fsBundle: new Blob([bundle]),
    };
  })();
  return artifacts;
}

/** database id → { db: PGlite, listening: channel → PGlite's unsubscribe function } */
const databases = new Map();

function opened(id) {
  const database = databases.get(id);
  if (database === undefined) throw new Error(`The embedded database ${id} is not open.`);
  return database;
}

const operations = {
  open: async ({ db: id, dataDir, image }) => {
    const db = await PGlite.create({
      ...(await engineArtifacts()),
      ...(dataDir !== undefined && { dataDir }),
      ...(image !== undefined && { loadDataDir: new Blob([image]) }),
    });
    databases.set(id, { db, listening: new Map() });
    return {};
  },
  query: async ({ db, text, params }) => ({ rows: (await opened(db).db.query(text, params)).rows }),
  exec: async ({ db, script }) => ({ rows: (await opened(db).db.exec(script)).at(-1)?.rows ?? [] }),
  listen: async ({ db: id, channel }) => {
    const { db, listening } = opened(id);
    if (!listening.has(channel)) {
      listening.set(
        channel,
        await db.listen(channel, (payload) => port.postMessage({ db: id, channel, payload })),
      );
    }
    return {};
  },
  unlisten: async ({ db, channel }) => {
    const { listening } = opened(db);
    await listening.get(channel)?.();
    listening.delete(channel);
    return {};
  },
  dump: async ({ db }) => {
    const image = await (await opened(db).db.dumpDataDir("none")).arrayBuffer();
    return { image, transfer: [image] };
  },
  close: async ({ db: id }) => {
    const database = databases.get(id);
    databases.delete(id);
    await database?.db.close();
    return {};
  },
};

/**
 * PostgreSQL's error fields (code, detail, constraint…) survive the trip, which a structured clone of the Error would
 * drop; only text and number fields go (PGlite also hangs the query and its options on the error).
 */
function plainError(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields = Object.entries(error).filter(([, value]) => ["string", "number"].includes(typeof value));
  return { ...Object.fromEntries(fields), name: error.name, message: error.message };
}

// One request at a time, in the order posted: PGlite has a single session per database, and the thread one CPU.
let turn = Promise.resolve();
port.on("message", (request) => {
  turn = turn.then(async () => {
    try {
      const { transfer, ...result } = await operations[request.op](request);
      port.postMessage({ id: request.id, result }, transfer ?? []);
    } catch (error) {
      port.postMessage({ id: request.id, error: plainError(error) });
    }
  });
});
