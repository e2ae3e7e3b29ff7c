import type { SecretVault } from "../secrets/secret-vault";
import { AgentError } from "./agent-error";
import { secretNames } from "./agent-stores";

/** Unproved verification tokens kept at most; the oldest goes first. */
const MAX_WEBHOOK_CANDIDATES = 100;

/**
 * The Notion webhook subscription's verification token, sealed in the vault: every token a handshake delivered is
 * kept as a candidate until a signed delivery (or the user) proves one, and a proved token is never replaced by a
 * later handshake.
 */
export class NotionWebhookTokens {
  constructor(private readonly vault: SecretVault) {}

  proved(): string | null {
    return this.vault.get(secretNames.notionWebhook);
  }

  candidates(): readonly string[] {
    return parseCandidates(this.vault.get(secretNames.notionWebhookCandidates));
  }

  async addCandidate(token: string): Promise<void> {
    const candidates = this.candidates();
    if (candidates.includes(token)) return;
    // Bounded, oldest dropped: a flood of forged handshakes cannot fill the disk.
    const kept = [...candidates, token].slice(-MAX_WEBHOOK_CANDIDATES);
    await this.vault.set(secretNames.notionWebhookCandidates, JSON.stringify(kept));
  }

  async confirm(token: string): Promise<void> {
    const proved = this.proved();
    if (proved === token) return;
    if (proved !== null)
      throw new AgentError(
        "webhook_token_verified",
        "The webhook subscription is already verified. Forget its token before confirming another.",
      );
    if (!this.candidates().includes(token))
      throw new AgentError(
        "webhook_token_unknown",
        "No handshake delivered this token. Confirm one that `linksync webhook-token` lists.",
      );
    await this.vault.set(secretNames.notionWebhook, token);
    await this.vault.delete(secretNames.notionWebhookCandidates);
  }

  async forget(): Promise<void> {
    await this.vault.delete(secretNames.notionWebhook);
    await this.vault.delete(secretNames.notionWebhookCandidates);
  }
}

function parseCandidates(stored: string | null): readonly string[] {
  if (stored === null) return [];
  const parsed: unknown = JSON.parse(stored);
  return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === "string") : [];
}
