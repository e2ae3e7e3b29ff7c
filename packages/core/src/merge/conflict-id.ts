import { createHash } from "node:crypto";

export interface ConflictFacts {
  readonly pageId: string;
  /** Destination at the last sync. */
  readonly base: string | null;
  readonly kept: string;
  readonly dropped: string;
}

const CONFLICT_ID = /^c_[0-9a-f]{12}$/;

/**
 * A conflict's id from its facts alone (no time, no agent), so every agent that sees the same conflict derives
 * the same id and it is reported once. 48 bits keep ids unique across an account's conflicts in practice.
 */
export function conflictId({ pageId, base, kept, dropped }: ConflictFacts): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([pageId.replaceAll("-", "").toLowerCase(), base, kept, dropped]))
    .digest("hex");
  return `c_${digest.slice(0, 12)}`;
}

export function isConflictId(value: string): boolean {
  return CONFLICT_ID.test(value);
}
