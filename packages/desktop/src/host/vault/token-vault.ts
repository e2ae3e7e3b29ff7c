import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { LinksyncError } from "@linksync/core";
import type { SecretCipher } from "./secret-cipher";

export class VaultError extends LinksyncError<"weak_storage_refused" | "vault_unreadable"> {
  override readonly name = "VaultError";
}

export interface TokenVaultOptions {
  readonly file: string;
  readonly cipher: SecretCipher;
  /** Asked once before the first secret is stored with a weak cipher; `false` refuses storing. */
  readonly confirmWeakStorage: (warning: string) => Promise<boolean>;
}

/**
 * Secrets the desktop app keeps itself, by name (the engine's 32-byte key, which in turn encrypts every Notion token
 * and API key in the engine's data directory), sealed by the OS keychain in a file only this user can read.
 * Values never leave through errors or logs.
 */
export class TokenVault {
  private weakStorageAccepted = false;

  constructor(private readonly options: TokenVaultOptions) {}

  get storage() {
    return this.options.cipher.info;
  }

  async set(name: string, secret: string): Promise<void> {
    const warning = this.options.cipher.info.warning;
    if (warning && !this.weakStorageAccepted) {
      this.weakStorageAccepted = await this.options.confirmWeakStorage(warning);
      if (!this.weakStorageAccepted) {
        throw new VaultError(
          "weak_storage_refused",
          "The token was not saved because no system keyring is available. Set one up and connect again.",
        );
      }
    }
    const entries = this.read();
    entries[name] = this.options.cipher.encrypt(secret).toString("base64");
    this.write(entries);
  }

  get(name: string): string | null {
    const sealed = this.read()[name];
    return sealed === undefined ? null : this.options.cipher.decrypt(Buffer.from(sealed, "base64"));
  }

  delete(name: string): void {
    const entries = this.read();
    delete entries[name];
    this.write(entries);
  }

  names(): string[] {
    return Object.keys(this.read());
  }

  private read(): Record<string, string> {
    if (!existsSync(this.options.file)) return {};
    const parsed: unknown = JSON.parse(readFileSync(this.options.file, "utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new VaultError(
        "vault_unreadable",
        `${this.options.file} is damaged. Delete it and connect again.`,
      );
    }
    return parsed as Record<string, string>;
  }

  private write(entries: Record<string, string>): void {
    mkdirSync(dirname(this.options.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.options.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(entries), { mode: 0o600 });
    renameSync(temporary, this.options.file);
  }
}
