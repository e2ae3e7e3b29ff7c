import { createHash, randomBytes } from "node:crypto";

export interface PkcePair {
  readonly verifier: string;
  readonly challenge: string;
  readonly method: "S256";
}

/** RFC 7636 S256: a stolen authorization code is useless without the verifier, which never leaves this app. */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: pkceChallenge(verifier), method: "S256" };
}

export function randomState(): string {
  return randomBytes(16).toString("base64url");
}
