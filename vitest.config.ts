import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    // Parsing with ts-morph's bundled TypeScript is CPU-heavy; two cores, two forks.
    pool: "forks",
  },
});
