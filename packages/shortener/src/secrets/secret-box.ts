import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** A sealed value: AES-256-GCM with a fresh 96-bit nonce, as `v1.<nonce>.<tag>.<ciphertext>` in base64url. */
export type SealedSecret = string;

const VERSION = "v1";

/**
 * Encrypts the secrets the shortener must keep readable (webhook signing secrets, Notion tokens) so its data file
 * never holds them in plain text. The key comes from the `secretsKey` option: 32 bytes as base64 or hex.
 */
export class SecretBox {
  /** `durable`: the key is configured, so what it seals can be opened after a restart. */
  private constructor(
    private readonly key: Buffer,
    readonly durable: boolean,
  ) {}

  static fromOption(secretsKey: string): SecretBox {
    const key = decodeKey(secretsKey.trim());
    if (key === null) {
      throw new Error(
        "secretsKey must be 32 random bytes written as 64 hex digits or base64, e.g. from `openssl rand -base64 32`.",
      );
    }
    return new SecretBox(key, true);
  }

  /** A key that lives as long as the process, for shorteners that keep nothing on disk. */
  static ephemeral(): SecretBox {
    return new SecretBox(randomBytes(32), false);
  }

  seal(plain: string): SealedSecret {
    const nonce = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, nonce);
    const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return [VERSION, nonce, cipher.getAuthTag(), data]
      .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
      .join(".");
  }

  /** Throws when the value was sealed with another key or altered. */
  open(sealed: SealedSecret): string {
    const [version, nonce, tag, data] = sealed.split(".");
    if (version !== VERSION || nonce === undefined || tag === undefined || data === undefined) {
      throw new Error("A stored secret is not in the expected sealed format; the data file may be damaged.");
    }
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(nonce, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    try {
      return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString(
        "utf8",
      );
    } catch (error) {
      throw new Error(
        "A stored secret cannot be decrypted with this secretsKey; start the shortener with the key it was stored with.",
        { cause: error },
      );
    }
  }
}

function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  const decoded = Buffer.from(value, "base64");
  return decoded.length === 32 ? decoded : null;
}
