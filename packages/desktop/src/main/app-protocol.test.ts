import { describe, expect, it } from "vitest";
import { RENDERER_OUT_DIR } from "../../renderer-paths";
import { APP_URL, appResponse } from "./app-protocol";

// The renderer was built by the package's global test setup (electron-vite build).
describe("app:// protocol", () => {
  it("serves the built renderer's page with the Content-Security-Policy", async () => {
    const response = await appResponse(RENDERER_OUT_DIR, `${APP_URL}#/inbox`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await response.text()).toContain('<div id="root">');
  });

  it("serves nothing outside the renderer, of another host, or missing", async () => {
    for (const url of [
      "app://linksync/../main/index.js",
      "app://linksync/%2e%2e/main/index.js",
      "app://elsewhere/index.html",
      "app://linksync/nothing-here.js",
    ]) {
      expect((await appResponse(RENDERER_OUT_DIR, url)).status).toBe(404);
    }
  });
});
