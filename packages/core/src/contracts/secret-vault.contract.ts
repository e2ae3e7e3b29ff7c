import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CONTRACT_TOKEN, type ContractSetup, type ContractSubject } from "./contract-subject";

/** Named secrets sealed at rest. The agent's file vault answers reads from memory; the server's from its table. */
export interface SecretVaultPort {
  get(name: string): string | null | Promise<string | null>;
  has(name: string): boolean | Promise<boolean>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** The vault contract: values read back after a restart, never in plain text at rest, gone at rest once deleted. */
export function secretVaultContract(name: string, setup: ContractSetup<SecretVaultPort>): void {
  describe(`Secret vault contract: ${name}`, () => {
    let subject: ContractSubject<SecretVaultPort>;
    beforeEach(async () => {
      subject = await setup();
    });
    afterEach(async () => {
      await subject.dispose();
    });

    it("reads a secret back after a restart and never keeps it in plain text", async () => {
      const vault = await subject.open();
      await vault.set("notion:conn-1", CONTRACT_TOKEN);
      await vault.set("provider:conn-1", "lsk_provider_key_123");
      expect(await vault.get("notion:conn-1")).toBe(CONTRACT_TOKEN);
      const reopened = await subject.open();
      expect(await reopened.get("notion:conn-1")).toBe(CONTRACT_TOKEN);
      expect(await reopened.has("provider:conn-1")).toBe(true);
      expect(await reopened.get("notion:unknown")).toBeNull();
      const stored = await subject.atRest();
      expect(stored).not.toContain(CONTRACT_TOKEN);
      expect(stored).not.toContain("lsk_provider_key_123");
    });

    it("a deleted secret is gone from storage when delete resolves", async () => {
      const vault = await subject.open();
      await vault.set("notion:conn-1", CONTRACT_TOKEN);
      const sealed = await subject.atRest();
      await vault.delete("notion:conn-1");
      expect(await vault.get("notion:conn-1")).toBeNull();
      const reopened = await subject.open();
      expect(await reopened.has("notion:conn-1")).toBe(false);
      const stored = await subject.atRest();
      expect(stored.length).toBeLessThan(sealed.length);
      expect(stored).not.toContain("notion:conn-1");
    });
  });
}
