import { defineConfig, devices } from "@playwright/test";

// Two servers from the same production build: embedded PGlite and a throwaway PostgreSQL
// database. Browser journeys run on PGlite; the HTTP suites (access matrix, headers) on both.
const PGLITE_PORT = Number(process.env.E2E_PORT ?? 3100);
const POSTGRES_PORT = PGLITE_PORT + 1;
const withPostgres = process.env.E2E_POSTGRES !== "0";

// Per port, so two runs from one checkout (E2E_PORT=…) never share a database or an outbox.
const E2E_ROOT = `.cache/e2e/${PGLITE_PORT}`;
export const e2eDirs = { outbox: `${E2E_ROOT}/outbox`, media: `${E2E_ROOT}/media`, pglite: `${E2E_ROOT}/pglite-db` };

const launchOptions = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

// The servers run as behind a reverse proxy (TRUST_PROXY=1, as in production): each test then
// presents itself as its own client with an X-Forwarded-For address (test/e2e/support.ts), so
// the per-IP limits (10 sign-ups an hour…) count per test, not for the whole suite at once.
const serverEnv = (port: number, name: string) => ({
  // glibc's per-thread arenas double sharp's peak memory (see BENCHMARKS.md).
  MALLOC_ARENA_MAX: "2",
  PORT: String(port),
  TRUST_PROXY: "1",
  MAIL_OUTBOX_DIR: `${e2eDirs.outbox}/${name}`,
  MEDIA_DIR: `${e2eDirs.media}/${name}`,
});

export default defineConfig({
  testDir: "test/e2e",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: { launchOptions, trace: "off" },
  webServer: [
    {
      command: "npx tsx test/e2e/serve.ts",
      url: `http://127.0.0.1:${PGLITE_PORT}/healthz`,
      env: { ...serverEnv(PGLITE_PORT, "pglite"), PGLITE_DIR: e2eDirs.pglite },
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
    ...(withPostgres
      ? [
          {
            command: "npx tsx scripts/with-test-postgres.ts npx tsx test/e2e/serve.ts",
            url: `http://127.0.0.1:${POSTGRES_PORT}/healthz`,
            env: serverEnv(POSTGRES_PORT, "postgres"),
            reuseExistingServer: false,
            timeout: 180_000,
            stdout: "pipe" as const,
            // SIGTERM (not Playwright's default SIGKILL) lets with-test-postgres drop its database.
            gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
          },
        ]
      : []),
  ],
  projects: [
    {
      name: "phone",
      testMatch: /journeys\/.*\.spec\.ts/,
      use: { ...devices["Pixel 7"], baseURL: `http://localhost:${PGLITE_PORT}` },
    },
    {
      name: "desktop",
      testMatch: /journeys\/.*\.spec\.ts/,
      use: { viewport: { width: 1280, height: 900 }, baseURL: `http://localhost:${PGLITE_PORT}` },
    },
    {
      name: "http-pglite",
      testMatch: /http\/.*\.spec\.ts/,
      use: { baseURL: `http://localhost:${PGLITE_PORT}` },
    },
    ...(withPostgres
      ? [
          {
            name: "http-postgres",
            testMatch: /http\/.*\.spec\.ts/,
            use: { baseURL: `http://localhost:${POSTGRES_PORT}` },
          },
        ]
      : []),
  ],
});
