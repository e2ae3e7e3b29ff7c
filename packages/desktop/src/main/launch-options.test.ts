import { describe, expect, it } from "vitest";
import { APP_URL } from "./app-protocol";
import { launchOptions } from "./launch-options";

const overrides = {
  ELECTRON_RENDERER_URL: "http://localhost:5173/",
  LINKSYNC_NOTION_BASE_URL: "http://127.0.0.1:9999",
  LINKSYNC_SERVER_URL: "http://127.0.0.1:8787",
};
const inputs = { argv: ["linksync"], buildServerUrl: "https://linksync.example", openedAtLogin: false };

describe("launch options", () => {
  it("follows development overrides in an unpackaged app", () => {
    expect(launchOptions({ ...inputs, env: overrides, packaged: false })).toEqual({
      rendererUrl: "http://localhost:5173/",
      notionBaseUrl: "http://127.0.0.1:9999",
      serverUrl: "http://127.0.0.1:8787",
      startHidden: false,
    });
  });

  it("ignores them in an installed app: its own pages, api.notion.com and the server it was built with", () => {
    expect(launchOptions({ ...inputs, env: overrides, packaged: true })).toEqual({
      rendererUrl: APP_URL,
      notionBaseUrl: null,
      serverUrl: "https://linksync.example",
      startHidden: false,
    });
  });

  it("has no server when the build names none", () => {
    expect(launchOptions({ ...inputs, env: {}, packaged: true, buildServerUrl: "" }).serverUrl).toBeNull();
  });

  it("starts hidden when opened at login, on every system", () => {
    expect(
      launchOptions({ ...inputs, env: {}, packaged: true, argv: ["linksync", "--hidden"] }).startHidden,
    ).toBe(true);
    expect(launchOptions({ ...inputs, env: {}, packaged: true, openedAtLogin: true }).startHidden).toBe(true);
  });
});
