import { JsonDocument, type JsonDocumentFormat, parseJson } from "../store/json-document";
import { type SecretBox, SecretError } from "./secret-box";

/** The vault's file name in an agent data directory. */
export const SECRETS_FILE_NAME = "secrets.json";

interface VaultFile {
  readonly version: 1;
  /** Entry name → sealed value. Names are not secret (`notion:<connection id>`), values are. */
  readonly entries: Record<string, string>;
}

/**
 * Named secrets (Notion tokens, provider API keys) encrypted with a `SecretBox` in one 0600 file, through the data
 * directory's one JSON document store. Every change is written at once and atomically: a token that must be wiped
 * (revoked by Notion) is gone from disk when `delete` resolves.
 */
export class SecretVault {
  private constructor(
    private readonly document: JsonDocument<VaultFile>,
    private readonly box: SecretBox,
  ) {}

  static async open(path: string, box: SecretBox): Promise<SecretVault> {
    return new SecretVault(await JsonDocument.open(path, VAULT_FORMAT), box);
  }

  private get entries(): Readonly<Record<string, string>> {
    return this.document.data.entries;
  }

  /** The plain value, or `null` when no secret is stored under `name`. */
  get(name: string): string | null {
    const sealed = this.entries[name];
    return sealed === undefined ? null : this.box.open(sealed, name);
  }

  has(name: string): boolean {
    return name in this.entries;
  }

  names(): readonly string[] {
    return Object.keys(this.entries).sort();
  }

  /** Every stored plain value, for `redactSecrets` in loggers and error formatting. */
  values(): readonly string[] {
    return this.names().map((name) => this.get(name) ?? "");
  }

  async set(name: string, value: string): Promise<void> {
    await this.save({ ...this.entries, [name]: this.box.seal(value, name) });
  }

  /** Several secrets in one atomic write: all of them are on disk, or none (a rotated token pair, say). */
  async setMany(values: Readonly<Record<string, string>>): Promise<void> {
    const sealed = Object.fromEntries(
      Object.entries(values).map(([name, value]) => [name, this.box.seal(value, name)]),
    );
    await this.save({ ...this.entries, ...sealed });
  }

  async delete(name: string): Promise<void> {
    if (!this.has(name)) return;
    const { [name]: _removed, ...rest } = this.entries;
    await this.save(rest);
  }

  private save(entries: Record<string, string>): Promise<void> {
    return this.document.set({ version: 1, entries });
  }
}

const VAULT_FORMAT: JsonDocumentFormat<VaultFile> = {
  empty: () => ({ version: 1, entries: {} }),
  parse: (text, path) => {
    const parsed = parseJson(text);
    if (!isVaultFile(parsed)) {
      throw new SecretError(
        "vault_corrupt",
        `The secrets file ${path} is not in a format Linksync wrote. Move it aside and reconnect every account.`,
      );
    }
    return { version: 1, entries: { ...parsed.entries } };
  },
  stringify: (file) => `${JSON.stringify(file, null, 2)}\n`,
};

function isVaultFile(value: unknown): value is VaultFile {
  if (typeof value !== "object" || value === null) return false;
  const { version, entries } = value as Partial<VaultFile>;
  return (
    version === 1 &&
    typeof entries === "object" &&
    entries !== null &&
    Object.values(entries).every((v) => typeof v === "string")
  );
}
