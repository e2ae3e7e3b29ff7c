import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SettingsStore, validateSettings } from "./settings-store";

describe("Companion settings", () => {
  it("keeps a Linksync server address without its trailing slash, and empty means the built-in one", () => {
    const file = join(mkdtempSync(join(tmpdir(), "linksync-settings-")), "settings.json");
    const store = new SettingsStore(file);
    expect(store.get().serverUrl).toBeNull();
    expect(store.update({ serverUrl: " https://links.example.com/ " }).serverUrl).toBe(
      "https://links.example.com",
    );
    expect(new SettingsStore(file).get().serverUrl).toBe("https://links.example.com");
    expect(store.update({ serverUrl: "" }).serverUrl).toBeNull();
  });

  it("refuses a server that is not a web address, in words", () => {
    for (const serverUrl of ["links.example.com", "ftp://links.example.com", "secret_abc"]) {
      expect(() => validateSettings({ serverUrl })).toThrow(/must be a web address/);
    }
  });

  it("gives new databases automatic QR codes by default, keeps a choice, and refuses an unknown one", () => {
    const file = join(mkdtempSync(join(tmpdir(), "linksync-settings-")), "settings.json");
    const store = new SettingsStore(file);
    expect(store.get().qrImages).toBe("auto");
    expect(store.update({ qrImages: "link" }).qrImages).toBe("link");
    expect(new SettingsStore(file).get().qrImages).toBe("link");
    expect(() => validateSettings({ qrImages: "thumbnail" as "auto" })).toThrow(/QR codes must be one of/);
  });
});
