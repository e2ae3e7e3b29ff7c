// Builds dist/ as the project `zapier-platform push` uploads: one CommonJS bundle of the app with @linksync/core
// (TypeScript workspace sources) inlined, and a manifest whose only dependency is zapier-platform-core. Zapier's
// CommonJS wrapper loads `index.js` from the project root and expects it to export the app itself.
import { readFile, writeFile } from "node:fs/promises";
import { build } from "esbuild";

const manifest = JSON.parse(await readFile("package.json", "utf8"));

await build({
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["zapier-platform-core"],
  footer: { js: "module.exports = module.exports.default;" },
  sourcemap: true,
  logLevel: "warning",
});

const pushed = {
  name: "linksync-zapier",
  version: manifest.version,
  description: manifest.description,
  private: true,
  main: "index.js",
  engines: { node: ">=22" },
  dependencies: { "zapier-platform-core": manifest.dependencies["zapier-platform-core"] },
};
await writeFile("dist/package.json", `${JSON.stringify(pushed, null, 2)}\n`);
