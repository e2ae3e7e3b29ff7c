import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "desktop",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "packaging/**/*.test.ts"],
    globalSetup: ["src/testing/build/build-app.global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
