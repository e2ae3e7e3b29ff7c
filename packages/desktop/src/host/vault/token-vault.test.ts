import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type SafeStorageLike, safeStorageCipher } from "./secret-cipher";
import { TokenVault } from "./token-vault";

const SECRET = "ntn_1234567890abcdefSECRET";

/** Stands in for Electron's safeStorage (the one piece that needs Electron): a reversible transform and a backend. */
function safeStorage(backend: string): SafeStorageLike {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (plain) => Buffer.from(Buffer.from(plain, "utf8").map((byte) => byte ^ 0x5a)),
    decryptString: (data) => Buffer.from(data.map((byte) => byte ^ 0x5a)).toString("utf8"),
    getSelectedStorageBackend: () => backend,
  };
}

const tempFile = (name: string) => join(mkdtempSync(join(tmpdir(), "linksync-vault-")), name);

describe("token vault", () => {
  it("stores tokens encrypted, in a file only the user can read, and gives them back", async () => {
    const file = tempFile("vault.json");
    const vault = new TokenVault({
      file,
      cipher: safeStorageCipher(safeStorage("gnome_libsecret"), "linux"),
      confirmWeakStorage: async () => {
        throw new Error("must not ask with a real keyring");
      },
    });
    await vault.set("workspace-acme", SECRET);
    expect(readFileSync(file, "utf8")).not.toContain(SECRET);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(vault.get("workspace-acme")).toBe(SECRET);
    expect(vault.names()).toEqual(["workspace-acme"]);
    vault.delete("workspace-acme");
    expect(vault.get("workspace-acme")).toBeNull();
  });

  it("keeps several workspaces side by side", async () => {
    const vault = new TokenVault({
      file: tempFile("vault.json"),
      cipher: safeStorageCipher(safeStorage("kwallet5"), "linux"),
      confirmWeakStorage: async () => true,
    });
    await vault.set("a", "token-a");
    await vault.set("b", "token-b");
    expect([vault.get("a"), vault.get("b")]).toEqual(["token-a", "token-b"]);
  });

  it("warns about Linux basic_text and asks before storing; refusing stores nothing", async () => {
    const file = tempFile("vault.json");
    const cipher = safeStorageCipher(safeStorage("basic_text"), "linux");
    expect(cipher.info.encrypted).toBe(false);
    expect(cipher.info.warning).toMatch(/basic_text/);
    const asked: string[] = [];
    const vault = new TokenVault({
      file,
      cipher,
      confirmWeakStorage: async (warning) => {
        asked.push(warning);
        return false;
      },
    });
    await expect(vault.set("a", SECRET)).rejects.toMatchObject({ code: "weak_storage_refused" });
    await expect(vault.set("a", SECRET)).rejects.not.toThrow(SECRET);
    expect(asked).toHaveLength(2);
    expect(vault.names()).toEqual([]);
  });

  it("stores with basic_text once the user accepted, asking only once", async () => {
    let asked = 0;
    const vault = new TokenVault({
      file: tempFile("vault.json"),
      cipher: safeStorageCipher(safeStorage("basic_text"), "linux"),
      confirmWeakStorage: async () => {
        asked++;
        return true;
      },
    });
    await vault.set("a", "one");
    await vault.set("b", "two");
    expect(asked).toBe(1);
    expect(vault.get("b")).toBe("two");
  });
});
