import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "notion-sandbox",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
