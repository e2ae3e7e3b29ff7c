import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBox } from "./secret-box";

describe("SecretBox", () => {
  const key = randomBytes(32).toString("base64");

  it("round-trips a value without its plain text appearing in the sealed form", () => {
    const box = SecretBox.fromOption(key);
    const sealed = box.seal("secret_notion_token_123");
    expect(sealed).not.toContain("secret_notion_token_123");
    expect(sealed).not.toBe(box.seal("secret_notion_token_123"));
    expect(SecretBox.fromOption(key).open(sealed)).toBe("secret_notion_token_123");
  });

  it("refuses another key and an altered value", () => {
    const sealed = SecretBox.fromOption(key).seal("value");
    expect(() => SecretBox.fromOption(randomBytes(32).toString("hex")).open(sealed)).toThrow(/secretsKey/);
    const altered = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}A`;
    expect(() => SecretBox.fromOption(key).open(altered)).toThrow(/cannot be decrypted/);
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => SecretBox.fromOption("short")).toThrow(/32 random bytes/);
  });
});
