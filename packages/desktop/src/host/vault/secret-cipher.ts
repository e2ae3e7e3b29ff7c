import { SecretBox } from "@linksync/core";
import type { SecretStorageInfo } from "../../shared/contract";

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
 * The headless host's cipher: core's AES-256-GCM box under the engine's own key (the 0600 key file), so the
 * companion's secrets are as safe as the engine's tokens beside them.
 */
export function secretBoxCipher(key: Uint8Array, info: SecretStorageInfo): SecretCipher {
  const box = new SecretBox(key);
  return {
    info,
    encrypt: (plain) => Buffer.from(box.seal(plain, "linksync-companion"), "utf8"),
    decrypt: (data) => box.open(data.toString("utf8"), "linksync-companion"),
  };
}
