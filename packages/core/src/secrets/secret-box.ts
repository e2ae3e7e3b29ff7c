import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { LinksyncError } from "@linksync/link-contract";

export type SecretErrorCode =
  | "invalid_key"
  | "secret_unreadable"
  | "key_file_permissions"
  | "key_file_invalid"
  | "vault_corrupt";

/** A failure around secrets. Its message says what to do and never contains the secret itself. */
export class SecretError extends LinksyncError<SecretErrorCode> {
  override readonly name = "SecretError";
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = "v1";

/**
 * Encrypts tokens and API keys at rest with AES-256-GCM: a fresh random IV per value, the auth tag checked on open.
 * The key comes from the surface (desktop: derived through Electron safeStorage; headless: a 0600 key file), so core
 * never decides where a key lives. `context` (e.g. the vault entry's name) is bound as additional authenticated data:
 * a sealed value copied under another name fails to open instead of silently being used as the wrong secret.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) {
      throw new SecretError(
        "invalid_key",
        `The encryption key must be ${KEY_BYTES} bytes (got ${key.length}). Generate one with SecretBox.generateKey().`,
      );
    }
    this.key = Buffer.from(key);
  }

  static generateKey(): Buffer {
    return randomBytes(KEY_BYTES);
  }

  /** `v1:<base64 of iv | tag | ciphertext>`; safe to store in any text file. */
  seal(plaintext: string, context = ""): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return `${FORMAT}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64")}`;
  }

  open(sealed: string, context = ""): string {
    const [format, body] = sealed.split(":", 2);
    const bytes = format === FORMAT && body ? Buffer.from(body, "base64") : Buffer.alloc(0);
    if (bytes.length < IV_BYTES + TAG_BYTES) {
      throw new SecretError(
        "secret_unreadable",
        "A stored secret is not in a format Linksync wrote. Reconnect to store it again.",
      );
    }
    const decipher = createDecipheriv("aes-256-gcm", this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString("utf8");
    } catch {
      // The cause (auth tag mismatch) carries no detail worth keeping; the code says what happened.
      throw new SecretError(
        "secret_unreadable",
        "A stored secret cannot be decrypted: the key changed or the file was altered. Reconnect to store it again.",
      );
    }
  }
}
