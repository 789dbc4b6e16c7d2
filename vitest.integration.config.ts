import { defineConfig } from "vitest/config";

/** Tests that run real tools (uWSGI, gunicorn, pre-commit, Graphviz): `npm run test:integration`. */
export default defineConfig({
  test: {
    include: ["test/integration/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
