import { createHash, randomBytes } from "node:crypto";
import type { SqlClient } from "../database/sql-client";
import { LruMap } from "../redirect/lru-map";

/** Who owns links, webhooks and Notion connections: the holder of one API key. */
export interface Account {
  readonly id: string;
  /** Shown on the consent page and to Notion as the connected account's name. */
  readonly name: string;
}

export interface AccountConfig extends Account {
  readonly apiKey: string;
}

export interface IssuedKey {
  readonly id: string;
  readonly accountId: string;
  /** Shown once; only its SHA-256 is stored. */
  readonly apiKey: string;
}

export interface KeyListing {
  readonly id: string;
  readonly accountId: string;
  readonly prefix: string;
  readonly configured: boolean;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** NOTIFY channel: keys were issued, revoked or reconfigured; every instance forgets the keys it remembered. */
export const KEYS_CHANGED_CHANNEL = "linksync_keys_changed";
/** Keys remembered per instance (by hash); a change anywhere clears them through NOTIFY, and they expire anyway. */
const KEY_CACHE_SIZE = 10_000;
const KEY_CACHE_TTL_MS = 60_000;

/** The account of the shortener's own `apiKey`. */
export const PRIMARY_ACCOUNT_ID = "primary";
const ACCOUNT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * The accounts and their API keys, in the database. Keys are stored as SHA-256 hashes and found by hash; the keys
 * of the server's configuration are (re)registered at every start, and keys issued with `linksync-server keys issue`
 * live until revoked.
 */
export class Accounts {
  private readonly remembered = new LruMap<string, { account: Account; until: number }>(KEY_CACHE_SIZE);

  private constructor(private readonly sql: SqlClient) {}

  /** Checks the configured accounts, registers them and their keys, and revokes configured keys no longer listed. */
  static async configure(sql: SqlClient, configs: readonly AccountConfig[]): Promise<Accounts> {
    checkConfigs(configs);
    await sql.transaction(async (tx) => {
      for (const config of configs) {
        await tx.query(
          "INSERT INTO accounts (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name",
          [config.id, config.name],
        );
        const hash = digest(config.apiKey);
        const { rows } = await tx.query<{ account_id: string }>(
          `INSERT INTO api_keys (id, account_id, key_hash, key_prefix, configured) VALUES ($1, $2, $3, $4, true)
           ON CONFLICT (key_hash) DO UPDATE SET revoked_at = NULL WHERE api_keys.account_id = EXCLUDED.account_id
           RETURNING account_id`,
          [keyId(), config.id, hash, prefixOf(config.apiKey)],
        );
        if (rows.length === 0) {
          throw new Error(
            `The API key configured for account "${config.id}" already belongs to another account.`,
          );
        }
      }
      await tx.query(
        "UPDATE api_keys SET revoked_at = now() WHERE configured AND revoked_at IS NULL AND NOT (key_hash = ANY($1::bytea[]))",
        [configs.map((config) => digest(config.apiKey))],
      );
      await tx.query("SELECT pg_notify($1, 'configured')", [sql.channel(KEYS_CHANGED_CHANNEL)]);
    });
    const accounts = new Accounts(sql);
    await sql.listen(
      KEYS_CHANGED_CHANNEL,
      () => accounts.forgetKeys(),
      () => accounts.forgetKeys(),
    );
    return accounts;
  }

  /** Drops every remembered key (a key changed somewhere, or notifications may have been missed). */
  forgetKeys(): void {
    this.remembered.clear();
  }

  /** For admin commands on a database whose accounts are already configured. */
  static of(sql: SqlClient): Accounts {
    return new Accounts(sql);
  }

  /** The account whose key is presented as `Authorization: Bearer <key>`, or null. */
  byAuthorization(authorization: string | undefined): Promise<Account | null> {
    const presented = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1]?.trim();
    return presented === undefined ? Promise.resolve(null) : this.byApiKey(presented);
  }

  /** Found by the key's hash, so the lookup's timing says nothing about which keys exist. */
  async byApiKey(apiKey: string): Promise<Account | null> {
    if (apiKey === "") return null;
    const hash = digest(apiKey);
    const key = hash.toString("hex");
    const hit = this.remembered.get(key);
    if (hit && hit.until > Date.now()) return hit.account;
    const { rows } = await this.sql.query<Account>(
      `SELECT accounts.id, accounts.name FROM api_keys JOIN accounts ON accounts.id = api_keys.account_id
       WHERE api_keys.key_hash = $1 AND api_keys.revoked_at IS NULL`,
      [hash],
    );
    const account = rows[0] ? { id: rows[0].id, name: rows[0].name } : null;
    if (account) this.remembered.set(key, { account, until: Date.now() + KEY_CACHE_TTL_MS });
    return account;
  }

  async create(id: string, name: string): Promise<Account> {
    checkId(id);
    const { rows } = await this.sql.query<Account>(
      "INSERT INTO accounts (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id, name",
      [id, name],
    );
    if (!rows[0]) throw new Error(`Account "${id}" exists already.`);
    return rows[0];
  }

  /** The account with this id, created when missing (its name kept up to date): a sign-in's workspace account. */
  async ensure(id: string, name: string): Promise<Account> {
    checkId(id);
    const { rows } = await this.sql.query<Account>(
      "INSERT INTO accounts (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING id, name",
      [id, name],
    );
    const account = rows[0];
    if (!account) throw new Error(`Account "${id}" could not be created.`);
    return account;
  }

  async issueKey(accountId: string): Promise<IssuedKey> {
    const apiKey = `lsk_${randomBytes(32).toString("base64url")}`;
    const id = keyId();
    const { rows } = await this.sql.query(
      `WITH issued AS (
         INSERT INTO api_keys (id, account_id, key_hash, key_prefix)
         SELECT $1, id, $3, $4 FROM accounts WHERE id = $2 RETURNING id)
       SELECT id, (SELECT pg_notify($5, 'issued')) AS notified FROM issued`,
      [id, accountId, digest(apiKey), prefixOf(apiKey), this.sql.channel(KEYS_CHANGED_CHANNEL)],
    );
    if (rows.length === 0) throw new Error(`No account "${accountId}"; create it first.`);
    return { id, accountId, apiKey };
  }

  /** Revokes a key by its id (`key_…`, from `keys list`); true when it was active. */
  async revokeKey(id: string): Promise<boolean> {
    const { rows } = await this.sql.query(
      `WITH revoked AS (UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id)
       SELECT id, (SELECT pg_notify($2, 'revoked')) AS notified FROM revoked`,
      [id, this.sql.channel(KEYS_CHANGED_CHANNEL)],
    );
    this.forgetKeys();
    return rows.length > 0;
  }

  /**
   * Revokes the key presented in `Authorization` when it is an issued one (a sign-in's), so an app can give up its
   * own key when it signs out; a configured key stays (the operator owns it). True when it was active.
   */
  async revokePresented(authorization: string | undefined): Promise<boolean> {
    const presented = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1]?.trim() ?? "";
    if (presented === "") return false;
    const { rows } = await this.sql.query(
      `WITH revoked AS (UPDATE api_keys SET revoked_at = now()
         WHERE key_hash = $1 AND revoked_at IS NULL AND NOT configured RETURNING id)
       SELECT id, (SELECT pg_notify($2, 'revoked')) AS notified FROM revoked`,
      [digest(presented), this.sql.channel(KEYS_CHANGED_CHANNEL)],
    );
    this.forgetKeys();
    return rows.length > 0;
  }

  async listKeys(): Promise<KeyListing[]> {
    const { rows } = await this.sql.query<{
      id: string;
      account_id: string;
      key_prefix: string;
      configured: boolean;
      created_at: Date;
      revoked_at: Date | null;
    }>(
      "SELECT id, account_id, key_prefix, configured, created_at, revoked_at FROM api_keys ORDER BY created_at, id",
    );
    return rows.map((row) => ({
      id: row.id,
      accountId: row.account_id,
      prefix: row.key_prefix,
      configured: row.configured,
      createdAt: new Date(row.created_at).toISOString(),
      revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at).toISOString(),
    }));
  }
}

function checkConfigs(configs: readonly AccountConfig[]): void {
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const config of configs) {
    checkId(config.id);
    if (ids.has(config.id))
      throw new Error(`Account id "${config.id}" is configured twice; give each its own.`);
    if (config.apiKey.trim() === "" || keys.has(config.apiKey)) {
      throw new Error(`Account "${config.id}" needs its own non-empty API key.`);
    }
    ids.add(config.id);
    keys.add(config.apiKey);
  }
}

function checkId(id: string): void {
  if (!ACCOUNT_ID.test(id))
    throw new Error(`Account id "${id}" must be 1-64 lowercase letters, digits, - or _.`);
}

function keyId(): string {
  return `key_${randomBytes(9).toString("base64url")}`;
}

/** Enough to tell keys apart in a listing, too little to guess the rest. */
function prefixOf(apiKey: string): string {
  return `${apiKey.slice(0, Math.min(6, Math.floor(apiKey.length / 4)))}…`;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
