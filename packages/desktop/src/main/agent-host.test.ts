import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { safeStorageCipher } from "../host/vault/secret-cipher";
import { TokenVault } from "../host/vault/token-vault";
import { openAgent, vaultPath } from "./agent-host";

/** Stands in for Electron's safeStorage: the one part of this module that needs Electron. */
const keychain = {
  isEncryptionAvailable: () => true,
  encryptString: (plain: string) => Buffer.from(plain, "utf8").reverse(),
  decryptString: (data: Buffer) => Buffer.from(data).reverse().toString("utf8"),
  getSelectedStorageBackend: () => "gnome_libsecret",
};

describe("agent host", () => {
  it("creates the engine key once, keeps it sealed by the keychain, and reuses it on the next start", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "linksync-host-"));
    const vault = () =>
      new TokenVault({
        file: vaultPath(dataDir),
        cipher: safeStorageCipher(keychain, "linux"),
        confirmWeakStorage: async () => false,
      });
    const first = vault();
    const agent = await openAgent(dataDir, first);
    await agent.start();
    expect(agent.status().databases).toEqual([]);
    await agent.stop();
    const key = first.get("engine-secret-key");
    expect(Buffer.from(key ?? "", "base64")).toHaveLength(32);
    expect(readFileSync(vaultPath(dataDir), "utf8")).not.toContain(key);
    const again = await openAgent(dataDir, vault());
    expect(vault().get("engine-secret-key")).toBe(key);
    await again.stop();
  });
});
