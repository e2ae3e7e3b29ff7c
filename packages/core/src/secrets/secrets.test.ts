import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { filesText } from "../contracts/files-text";
import { secretVaultContract } from "../contracts/secret-vault.contract";
import { loadOrCreateKeyFile } from "./key-file";
import { SecretBox, SecretError } from "./secret-box";
import { SecretVault } from "./secret-vault";

const TOKEN = "ntn_4c1Dq8ZbY7tP2wXk9LmN3vR6sQ0aE5fG1hJ2kL3mN4o";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "linksync-secrets-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe("SecretBox", () => {
  it("round-trips a value and never repeats a ciphertext (random IV)", () => {
    const box = new SecretBox(SecretBox.generateKey());
    const a = box.seal(TOKEN);
    const b = box.seal(TOKEN);
    expect(a).not.toBe(b);
    expect(a).not.toContain(TOKEN);
    expect(box.open(a)).toBe(TOKEN);
    expect(box.open(b)).toBe(TOKEN);
  });

  it("refuses to open with another key, another context or a tampered ciphertext", () => {
    const box = new SecretBox(SecretBox.generateKey());
    const sealed = box.seal(TOKEN, "notion:conn-1");
    expect(() => new SecretBox(SecretBox.generateKey()).open(sealed, "notion:conn-1")).toThrow(SecretError);
    expect(() => box.open(sealed, "notion:conn-2")).toThrow(/cannot be decrypted/);
    const bytes = Buffer.from(sealed.slice(3), "base64");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(() => box.open(`v1:${bytes.toString("base64")}`, "notion:conn-1")).toThrow(SecretError);
    expect(() => box.open("plain text")).toThrow(/not in a format/);
  });

  it("rejects a key that is not 32 bytes", () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(expect.objectContaining({ code: "invalid_key" }));
  });
});

describe("loadOrCreateKeyFile", () => {
  it("creates a 0600 key file once and returns the same key afterwards", async () => {
    const path = join(dir, "key");
    const first = await loadOrCreateKeyFile(path);
    expect(first).toHaveLength(32);
    expect(await modeOf(path)).toBe(0o600);
    expect(await loadOrCreateKeyFile(path)).toEqual(first);
  });

  it("gives every concurrent caller the same key: only one creates the file", async () => {
    const path = join(dir, "key");
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKeyFile(path)));
    for (const key of keys) expect(key).toEqual(keys[0]);
    expect(Buffer.from((await readFile(path, "utf8")).trim(), "base64")).toEqual(keys[0]);
  });

  it("refuses a key file other users can read, naming the fix", async () => {
    const path = join(dir, "key");
    await writeFile(path, SecretBox.generateKey().toString("base64"), { mode: 0o644 });
    await expect(loadOrCreateKeyFile(path)).rejects.toMatchObject({
      code: "key_file_permissions",
      message: expect.stringContaining("chmod 600"),
    });
  });
});

secretVaultContract("SecretVault (secrets.json)", async () => {
  const root = await mkdtemp(join(tmpdir(), "linksync-vault-contract-"));
  const key = SecretBox.generateKey();
  return {
    open: () => SecretVault.open(join(root, "secrets.json"), new SecretBox(key)),
    atRest: () => filesText(root),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
});

describe("SecretVault", () => {
  it("stores secrets encrypted in a 0600 file that never contains the plain text", async () => {
    const path = join(dir, "secrets.json");
    const box = new SecretBox(await loadOrCreateKeyFile(join(dir, "key")));
    const vault = await SecretVault.open(path, box);
    await vault.set("notion:conn-1", TOKEN);
    await vault.set("provider:shortener", "lsk_live_abcdef123456");

    const onDisk = await readFile(path, "utf8");
    expect(onDisk).not.toContain(TOKEN);
    expect(onDisk).not.toContain("lsk_live_abcdef123456");
    expect(onDisk).toContain("notion:conn-1");
    expect(await modeOf(path)).toBe(0o600);

    const reopened = await SecretVault.open(path, box);
    expect(reopened.get("notion:conn-1")).toBe(TOKEN);
    expect(reopened.names()).toEqual(["notion:conn-1", "provider:shortener"]);
    expect(reopened.values()).toContain("lsk_live_abcdef123456");
  });

  it("wipes a deleted secret from disk at once", async () => {
    const path = join(dir, "secrets.json");
    const box = new SecretBox(SecretBox.generateKey());
    const vault = await SecretVault.open(path, box);
    await vault.set("notion:conn-1", TOKEN);
    const sealedBefore = await readFile(path, "utf8");
    await vault.delete("notion:conn-1");
    expect(vault.get("notion:conn-1")).toBeNull();
    const after = await readFile(path, "utf8");
    expect(after).not.toContain("notion:conn-1");
    expect(after.length).toBeLessThan(sealedBefore.length);
    expect((await SecretVault.open(path, box)).has("notion:conn-1")).toBe(false);
    expect(await modeOf(path)).toBe(0o600);
  });

  it("leaves no temporary file that could hold secrets behind", async () => {
    const vault = await SecretVault.open(join(dir, "secrets.json"), new SecretBox(SecretBox.generateKey()));
    await vault.set("a", TOKEN);
    await vault.set("b", TOKEN);
    const { readdir } = await import("node:fs/promises");
    expect(await readdir(dir)).toEqual(["secrets.json"]);
  });

  it("reports a corrupt vault with a code instead of a JSON parse error", async () => {
    const path = join(dir, "secrets.json");
    await writeFile(path, "{not json", { mode: 0o600 });
    await expect(SecretVault.open(path, new SecretBox(SecretBox.generateKey()))).rejects.toMatchObject({
      code: "vault_corrupt",
    });
  });
});
