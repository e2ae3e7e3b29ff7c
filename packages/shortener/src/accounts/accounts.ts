import { createHash, timingSafeEqual } from "node:crypto";

/** Who owns links, webhooks and Notion connections: the holder of one API key. */
export interface Account {
  readonly id: string;
  /** Shown on the consent page and to Notion as the connected account's name. */
  readonly name: string;
}

export interface AccountConfig extends Account {
  readonly apiKey: string;
}

/** The account of the shortener's own `apiKey`; links made before accounts existed belong to it. */
export const PRIMARY_ACCOUNT_ID = "primary";
const ACCOUNT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

interface KeyedAccount {
  readonly account: Account;
  readonly keyDigest: Buffer;
}

/** The configured accounts, found by API key in constant time. */
export class Accounts {
  private readonly keyed: readonly KeyedAccount[];

  constructor(configs: readonly AccountConfig[]) {
    const ids = new Set<string>();
    const keys = new Set<string>();
    for (const config of configs) {
      if (!ACCOUNT_ID.test(config.id)) {
        throw new Error(`Account id "${config.id}" must be 1-64 lowercase letters, digits, - or _.`);
      }
      if (ids.has(config.id))
        throw new Error(`Account id "${config.id}" is configured twice; give each its own.`);
      if (config.apiKey.trim() === "" || keys.has(config.apiKey)) {
        throw new Error(`Account "${config.id}" needs its own non-empty API key.`);
      }
      ids.add(config.id);
      keys.add(config.apiKey);
    }
    this.keyed = configs.map(({ id, name, apiKey }) => ({
      account: { id, name },
      keyDigest: digest(apiKey),
    }));
  }

  /** The account whose key is presented as `Authorization: Bearer <key>`, or null. */
  byAuthorization(authorization: string | undefined): Account | null {
    const presented = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1]?.trim();
    return presented === undefined ? null : this.byApiKey(presented);
  }

  /** Compares against every key, without stopping at a match, so timing tells nothing about which keys exist. */
  byApiKey(apiKey: string): Account | null {
    const presented = digest(apiKey);
    let found: Account | null = null;
    for (const { account, keyDigest } of this.keyed) {
      if (timingSafeEqual(presented, keyDigest) && found === null) found = account;
    }
    return found;
  }

  get(id: string): Account | null {
    return this.keyed.find(({ account }) => account.id === id)?.account ?? null;
  }
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
