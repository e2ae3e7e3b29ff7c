import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../../shortener/bin/linksync-server.mjs", import.meta.url));

/** A real `linksync-server worker` process, its output kept line by line. */
export interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly lines: readonly string[];
  /** Resolves with the first line (past or future) matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  readonly running: boolean;
}

export interface WorkerProcessOptions {
  readonly name: string;
  readonly databaseUrl: string;
  readonly databaseSchema: string;
  readonly serverSecret: string;
  /** LINKSYNC_* settings: the Notion URL, the rate, the timings, the webhook port. */
  readonly env: Readonly<Record<string, string>>;
}

/** Starts a worker process and resolves once it says it started. */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [bin, "worker"], {
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      LINKSYNC_DATABASE_SCHEMA: options.databaseSchema,
      LINKSYNC_SHORTENER_SECRETS_KEY: options.serverSecret,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let partial = "";
  const onData = (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
    for (const wake of waiters) wake();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  let running = true;
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      running = false;
      for (const wake of waiters) wake();
      resolve(code);
    }),
  );
  const worker: WorkerProcess = {
    name: options.name,
    child,
    lines,
    exited,
    get running() {
      return running;
    },
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find((l) => pattern.test(l));
          if (line !== undefined) return done(() => resolve(line));
          if (!running)
            done(() => reject(new Error(`${options.name} exited before ${pattern}:\n${lines.join("\n")}`)));
        };
        const timer = setTimeout(
          () =>
            done(() =>
              reject(new Error(`${options.name}: no ${pattern} in ${timeoutMs} ms:\n${lines.join("\n")}`)),
            ),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
  };
  await worker.waitFor(/sync worker started/);
  return worker;
}

/** Kills the process (if it still runs) and waits for it to exit. */
export async function stopWorkerProcess(
  worker: WorkerProcess,
  signal: NodeJS.Signals = "SIGKILL",
): Promise<void> {
  if (worker.running) worker.child.kill(signal);
  await worker.exited;
}
