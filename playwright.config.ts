import { defineConfig, devices } from "@playwright/test";

// Two servers from the same production build: embedded PGlite and a throwaway PostgreSQL
// database. Browser journeys run on PGlite; the HTTP suites (access matrix, headers) on both.
const PGLITE_PORT = 3100;
const POSTGRES_PORT = 3101;
const withPostgres = process.env.E2E_POSTGRES !== "0";

// Each project reaches the server from its own loopback address (all of 127/8 is this machine),
// as separate clients would: the per-IP rate limits (sign-ups, logins, resets) then count each
// project apart instead of one project's attempts eating into another's budget.
const clientAddress = { phone: "127.0.0.1", desktop: "127.0.0.2", http: "127.0.0.3" } as const;

export const e2eDirs = { outbox: ".cache/e2e/outbox", media: ".cache/e2e/media" };

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

const serverEnv = (port: number, name: string) => ({
  PORT: String(port),
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
      env: { ...serverEnv(PGLITE_PORT, "pglite"), PGLITE_DIR: ".cache/e2e/pglite-db" },
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
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
          },
        ]
      : []),
  ],
  projects: [
    {
      name: "phone",
      testMatch: /journeys\/.*\.spec\.ts/,
      use: { ...devices["Pixel 7"], baseURL: `http://${clientAddress.phone}:${PGLITE_PORT}` },
    },
    {
      name: "desktop",
      testMatch: /journeys\/.*\.spec\.ts/,
      use: { viewport: { width: 1280, height: 900 }, baseURL: `http://${clientAddress.desktop}:${PGLITE_PORT}` },
    },
    {
      name: "http-pglite",
      testMatch: /http\/.*\.spec\.ts/,
      use: { baseURL: `http://${clientAddress.http}:${PGLITE_PORT}` },
    },
    ...(withPostgres
      ? [{ name: "http-postgres", testMatch: /http\/.*\.spec\.ts/, use: { baseURL: `http://${clientAddress.http}:${POSTGRES_PORT}` } }]
      : []),
  ],
});
