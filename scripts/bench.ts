// `npm run bench`: every package's benchmark in turn, each printing its own figures. Benchmarks are measurements,
// not pass/fail tests; a failing one is reported and the rest still run.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const { workspaces } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  workspaces: string[];
};
const only = process.argv.slice(2);

const failed: string[] = [];
for (const dir of workspaces) {
  const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as {
    name: string;
    scripts?: Record<string, string>;
  };
  if (!manifest.scripts?.bench) continue;
  if (only.length > 0 && !only.some((name) => manifest.name.includes(name))) continue;
  console.log(`\n=== ${manifest.name} ===`);
  const run = spawnSync("npm", ["run", "--silent", "bench", "-w", manifest.name], {
    cwd: root,
    stdio: "inherit",
  });
  if (run.status !== 0) failed.push(manifest.name);
}
if (failed.length > 0) {
  console.error(`\nBenchmarks that failed to run: ${failed.join(", ")}`);
  process.exit(1);
}
