// Builds dist/ as the project `zapier-platform push` uploads: one CommonJS bundle of the app with @linksync/core
// (TypeScript workspace sources) inlined, a manifest whose only dependency is zapier-platform-core (pinned exactly,
// as Zapier requires), and the files Zapier's CLI reads beside them. Zapier's CommonJS wrapper loads `index.js` from
// the project root and expects it to export the app itself.
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { build } from "esbuild";

/** Code the app never runs: the engine draws QR PNGs, Zapier steps only link to the shortener's QR image. */
const NEVER_BUNDLED = ["qrcode", "pngjs", "@linksync/qr-png"];

/**
 * Workspace packages are declared side-effect free for this bundle, so what the app does not import (the agent,
 * the engine, QR rendering re-exported by core's entry point) is dropped instead of riding along.
 */
const sideEffectFreeWorkspace = {
  name: "side-effect-free-workspace",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@linksync\// }, async (args) => {
      if (args.pluginData === "resolving") return undefined;
      const resolved = await pluginBuild.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: "resolving",
      });
      return { ...resolved, sideEffects: false };
    });
  },
};

/**
 * The lockfile of the pushed project: zapier-platform-core and exactly the production packages the repository's
 * lockfile resolved for it, so `zapier-platform build` installs what the tests ran against (and works offline from
 * the npm cache that `npm ci` filled).
 */
function pushedLockfile(rootLock, name, version) {
  const all = rootLock.packages;
  const kept = {};
  const visit = (path) => {
    if (kept[path]) return;
    const { dev, devOptional, peer, ...entry } = all[path];
    kept[path] = entry;
    const deps = { ...entry.dependencies, ...entry.optionalDependencies };
    for (const dep of Object.keys(deps)) {
      const found = nodeResolution(path, dep).find((candidate) => all[candidate]);
      if (found) visit(found);
      else if (!entry.optionalDependencies?.[dep])
        throw new Error(`${path} needs ${dep}, absent from the lockfile.`);
    }
  };
  visit("node_modules/zapier-platform-core");
  const core = kept["node_modules/zapier-platform-core"];
  return {
    name,
    version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name, version, dependencies: { "zapier-platform-core": core.version } },
      ...Object.fromEntries(Object.entries(kept).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}

/** Where Node looks for `dep` required from the package at `path`: its own node_modules, then each parent's. */
function nodeResolution(path, dep) {
  const candidates = [];
  let dir = path;
  for (;;) {
    candidates.push(`${dir}/node_modules/${dep}`);
    const parent = dir.lastIndexOf("/node_modules/");
    if (parent < 0) break;
    dir = dir.slice(0, parent);
  }
  candidates.push(`node_modules/${dep}`);
  return candidates;
}

const outDir = process.argv[2] ?? "dist";
const manifest = JSON.parse(await readFile("package.json", "utf8"));
const coreVersion = manifest.dependencies["zapier-platform-core"];
if (!/^\d+\.\d+\.\d+$/.test(coreVersion)) {
  throw new Error(
    `zapier-platform-core must be pinned to an exact version (package.json has "${coreVersion}").`,
  );
}

// dist/ also holds what `zapier-platform register` and `build` write (`.zapierapprc` with the app id, build/): keep it.
await mkdir(outDir, { recursive: true });
await rm(`${outDir}/index.js.map`, { force: true });
const result = await build({
  entryPoints: ["src/index.ts"],
  outfile: `${outDir}/index.js`,
  bundle: true,
  platform: "node",
  target: "node22",
  format: "cjs",
  external: ["zapier-platform-core"],
  footer: { js: "module.exports = module.exports.default;" },
  plugins: [sideEffectFreeWorkspace],
  metafile: true,
  logLevel: "warning",
});

const bundled = Object.entries(result.metafile.outputs[`${outDir}/index.js`]?.inputs ?? {})
  .filter(([, input]) => input.bytesInOutput > 0)
  .map(([path]) => path);
const unwanted = bundled.filter((input) =>
  NEVER_BUNDLED.some((name) => input.includes(`node_modules/${name}/`) || input.includes(`/${name}/src/`)),
);
if (unwanted.length > 0) {
  throw new Error(`The Zapier bundle must not contain QR rendering; it pulled in:\n${unwanted.join("\n")}`);
}

const pushed = {
  name: "linksync-zapier",
  version: manifest.version,
  description: manifest.description,
  private: true,
  main: "index.js",
  engines: { node: ">=22" },
  dependencies: { "zapier-platform-core": coreVersion },
};
await writeFile(`${outDir}/package.json`, `${JSON.stringify(pushed, null, 2)}\n`);
const rootLock = JSON.parse(await readFile("../../package-lock.json", "utf8"));
const lock = pushedLockfile(rootLock, pushed.name, pushed.version);
if (lock.packages["node_modules/zapier-platform-core"].version !== coreVersion) {
  throw new Error(
    `package-lock.json has zapier-platform-core ${lock.packages["node_modules/zapier-platform-core"].version}, package.json pins ${coreVersion}: run npm install.`,
  );
}
await writeFile(`${outDir}/package-lock.json`, `${JSON.stringify(lock, null, 2)}\n`);
await copyFile("zapier-project/gitignore", `${outDir}/.gitignore`);
// The template's settings (includeInBuild) over whatever `register` or `link` wrote there (the app's id and key).
const appRc = JSON.parse(await readFile("zapier-project/zapierapprc.json", "utf8"));
const linked = await readFile(`${outDir}/.zapierapprc`, "utf8").then(JSON.parse, () => ({}));
await writeFile(`${outDir}/.zapierapprc`, `${JSON.stringify({ ...linked, ...appRc }, null, 2)}\n`);
