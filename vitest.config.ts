import { defineConfig } from "vitest/config";

// One project per workspace; `npm test` runs them all. Each package may add its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ["packages/*", "test"],
  },
});
