// Plain Vitest config: no Remix Vite plugin here (it does not support Vitest, remix-run/remix#9871).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    environment: "node",
    include: [
      "app/**/*.test.{ts,tsx}",
      "test/integration/**/*.test.ts",
      "prisma/**/*.test.ts",
      "server/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "test/e2e/**", "app/generated/**"],
    // One migrated database per run (global setup), one private copy per test file (setup file).
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/setup-database.ts"],
    // Child processes rather than worker threads: each test file's PGlite (WASM) lives and dies
    // with its own process, and nothing native is shared between files.
    pool: "forks",
    // Booting PGlite takes 0.5–3 s on a busy machine; Argon2 hashes take ~50 ms each.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
