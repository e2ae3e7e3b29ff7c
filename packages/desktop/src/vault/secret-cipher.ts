import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { SecretStorageInfo } from "../shared/contract";

/** How secrets are turned into bytes at rest. */
export interface SecretCipher {
  readonly info: SecretStorageInfo;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

/** The part of Electron's `safeStorage` the vault uses, so tests can hand in a stand-in. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(data: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * Electron's safeStorage: the OS keychain (macOS Keychain, Windows DPAPI, libsecret/KWallet on Linux). On Linux
 * without a keyring its backend is `basic_text`, which encrypts with a hard-coded key: the user must know.
 */
export function safeStorageCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretCipher {
  const backend = platform === "linux" ? (safeStorage.getSelectedStorageBackend?.() ?? "unknown") : "os";
  const weak = backend === "basic_text" || !safeStorage.isEncryptionAvailable();
  return {
    info: {
      where:
        platform === "darwin"
          ? "the macOS Keychain"
          : platform === "win32"
            ? "Windows' DPAPI"
            : `the ${backend} keyring`,
      encrypted: !weak,
      warning: weak
        ? "No system keyring is available (Electron's basic_text backend), so tokens would be stored with a key anyone on this computer can read. Unlock or install a keyring (GNOME Keyring or KWallet), or accept weaker storage."
        : null,
    },
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  };
}

/**
 * For the headless companion, which has no keychain: AES-256-GCM with a random key in a file only this user can read,
 * beside the vault. It protects against a copied vault file, not against this user's own account.
 */
export function keyFileCipher(keyFile: string): SecretCipher {
  const key = loadOrCreateKey(keyFile);
  return {
    info: { where: keyFile, encrypted: true, warning: null },
    encrypt: (plain) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt: (data) => {
      const decipher = createDecipheriv("aes-256-gcm", key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString("utf8");
    },
  };
}

function loadOrCreateKey(keyFile: string): Buffer {
  if (existsSync(keyFile)) return readFileSync(keyFile);
  mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(keyFile, key, { mode: 0o600 });
  return key;
}
