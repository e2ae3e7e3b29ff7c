import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("the embedded engine in memory", () => {
  it("lets a script that started and closed an in-memory server exit on its own", async () => {
    const directory = await mkdtemp(join(tmpdir(), "linksync-exit-"));
    try {
      const script = join(directory, "start-and-close.mts");
      const entry = fileURLToPath(new URL("../index.ts", import.meta.url));
      await writeFile(
        script,
        `import { startShortener } from ${JSON.stringify(entry)};
const shortener = await startShortener({ apiKey: "exit-test" });
await shortener.close();
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
      const exited = await new Promise<{ code: number | null; afterCloseMs: number | null }>((resolve) => {
        // Without the shared PGlite closing, PostgreSQL's idle-statistics timer keeps the process alive forever.
        const stuck = setTimeout(() => child.kill("SIGKILL"), 90_000);
        child.once("exit", (code) => {
          clearTimeout(stuck);
          resolve({ code, afterCloseMs: closedAt === null ? null : Date.now() - closedAt });
        });
      });
      expect(exited.code).toBe(0);
      expect(exited.afterCloseMs).not.toBeNull();
      expect(exited.afterCloseMs!).toBeLessThan(15_000);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 120_000);
});
