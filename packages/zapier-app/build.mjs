// Bundles the app and @linksync/core (TypeScript workspace sources) into one CommonJS file for `zapier-platform push`.
// zapier-platform-core stays external: Zapier's runtime wrapper loads it from node_modules beside the bundle.
import { build } from "esbuild";

await build({
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.cjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["zapier-platform-core"],
  // Zapier's CommonJS loader expects `require(main)` to be the app itself, not `{ default: app }`.
  footer: { js: "module.exports = module.exports.default;" },
  sourcemap: true,
  logLevel: "warning",
});
