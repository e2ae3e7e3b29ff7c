import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { type Agent, createAgent } from "@linksync/core";
import type { TokenVault } from "../host/vault/token-vault";

const ENGINE_KEY = "engine-secret-key";
export const VAULT_FILE_NAME = "desktop-vault.json";

/**
 * Opens the sync engine inside the main process. Its 32-byte key (which encrypts every token and API key the engine
 * stores) is created once and kept in the OS keychain through the vault, never in a plain file.
 */
export async function openAgent(dataDir: string, vault: TokenVault): Promise<Agent> {
  let key = vault.get(ENGINE_KEY);
  if (key === null) {
    key = randomBytes(32).toString("base64");
    await vault.set(ENGINE_KEY, key);
  }
  return createAgent({ dataDir, secretKey: Buffer.from(key, "base64") });
}

export const vaultPath = (dataDir: string): string => join(dataDir, VAULT_FILE_NAME);
