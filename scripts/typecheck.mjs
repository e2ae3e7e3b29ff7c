// Type-checks every workspace that has a tsconfig.json, each against its own compiler options.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const { workspaces } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const projects = workspaces.flatMap((dir) =>
  ["tsconfig.json", "tsconfig.web.json"].map((f) => join(dir, f)).filter((f) => existsSync(join(root, f))),
);
let failed = 0;
for (const project of projects) {
  const run = spawnSync("npx", ["tsc", "-p", project], { cwd: root, stdio: "inherit" });
  if (run.status !== 0) failed++;
  else console.log(`typecheck ok: ${project}`);
}
process.exit(failed === 0 ? 0 : 1);
