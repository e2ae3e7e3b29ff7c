import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PgliteClient } from "./pglite-client";

/** Runs `body` (a module using `startShortener`) in a child process; when it printed "closed", and how it exited. */
async function exitAfterClose(body: string): Promise<{ code: number | null; afterCloseMs: number | null }> {
  const directory = await mkdtemp(join(tmpdir(), "linksync-exit-"));
  try {
    const script = join(directory, "start-and-close.mts");
    const entry = fileURLToPath(new URL("../index.ts", import.meta.url));
    await writeFile(
      script,
      `import { startShortener } from ${JSON.stringify(entry)};
const dataDir = ${JSON.stringify(join(directory, "db"))};
${body}
console.log("closed");
`,
    );
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let closedAt: number | null = null;
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("closed")) closedAt ??= Date.now();
    });
    return await new Promise((resolve) => {
      const stuck = setTimeout(() => child.kill("SIGKILL"), 90_000);
      child.once("exit", (code) => {
        clearTimeout(stuck);
        resolve({ code, afterCloseMs: closedAt === null ? null : Date.now() - closedAt });
      });
    });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

describe("the embedded engine", () => {
  it("runs SQL off the server's thread: timers keep firing while a long statement runs", async () => {
    const sql = await PgliteClient.open();
    try {
      let longestGapMs = 0;
      let last = performance.now();
      const ticker = setInterval(() => {
        const now = performance.now();
        longestGapMs = Math.max(longestGapMs, now - last);
        last = now;
      }, 5);
      const started = performance.now();
      // About a second of PostgreSQL work; in the server's thread it was one stall of that length.
      await sql.query("SELECT sum(i) FROM generate_series(1, 3000000) AS i");
      const finished = performance.now();
      const statementMs = finished - started;
      clearInterval(ticker);
      longestGapMs = Math.max(longestGapMs, finished - last);
      expect(statementMs).toBeGreaterThan(200);
      expect(longestGapMs).toBeLessThan(statementMs / 2);
    } finally {
      await sql.close();
    }
  });

  it("carries PostgreSQL's error fields and NOTIFY payloads across the thread", async () => {
    const sql = await PgliteClient.open();
    try {
      await sql.exec("CREATE TABLE sample (id integer PRIMARY KEY, at timestamptz, bytes bytea)");
      const at = new Date("2026-12-03T12:00:00Z");
      await sql.query("INSERT INTO sample VALUES (1, $1, $2)", [at, Buffer.from("hi")]);
      const { rows } = await sql.query<{ at: Date; bytes: Uint8Array }>("SELECT at, bytes FROM sample");
      expect(rows[0]!.at).toEqual(at);
      expect(Buffer.from(rows[0]!.bytes).toString()).toBe("hi");
      await expect(sql.query("INSERT INTO sample (id) VALUES (1)")).rejects.toMatchObject({
        code: "23505",
        constraint: "sample_pkey",
      });
      const heard: string[] = [];
      await sql.listen("sample_changed", (payload) => heard.push(payload));
      await sql.query(`SELECT pg_notify('${sql.channel("sample_changed")}', 'one')`);
      expect(heard).toEqual(["one"]);
    } finally {
      await sql.close();
    }
  });

  it("stops listening for a closed in-memory client, so clients sharing the engine leave nothing behind", async () => {
    const kept = await PgliteClient.open();
    try {
      const closed = await PgliteClient.open();
      await closed.listen("link_changed", () => undefined);
      await kept.listen("link_changed", () => undefined);
      expect(kept.hostListenedChannels).toEqual(
        expect.arrayContaining([closed.channel("link_changed"), kept.channel("link_changed")]),
      );
      await closed.close();
      expect(kept.hostListenedChannels).toContain(kept.channel("link_changed"));
      expect(kept.hostListenedChannels).not.toContain(closed.channel("link_changed"));
    } finally {
      await kept.close();
    }
  });

  it("lets a script that started and closed an in-memory server exit on its own", async () => {
    const exited = await exitAfterClose(`const shortener = await startShortener({ apiKey: "exit-test" });
await shortener.close();`);
    expect(exited.code).toBe(0);
    expect(exited.afterCloseMs).not.toBeNull();
    // The engine's thread never holds the process while idle (the shared engine itself closes 1 s later).
    expect(exited.afterCloseMs!).toBeLessThan(5_000);
  }, 120_000);

  it("lets a script that started and closed a server on a data directory exit at once", async () => {
    const exited =
      await exitAfterClose(`const shortener = await startShortener({ apiKey: "exit-test", dataDir });
await shortener.close();`);
    expect(exited.code).toBe(0);
    expect(exited.afterCloseMs).not.toBeNull();
    expect(exited.afterCloseMs!).toBeLessThan(5_000);
  }, 120_000);
});
