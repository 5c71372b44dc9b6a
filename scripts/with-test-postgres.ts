// tsx scripts/with-test-postgres.ts <command...>
// Runs a command against a throwaway PostgreSQL database: makes sure the server is up (starting
// the local cluster if needed), creates `ocop_test_<random>`, runs the command with DATABASE_URL
// pointing at it, then drops it together with every `ocop_test_<random>_…` database the run made
// (the Vitest template and per-file copies), and exits with the command's code.
//
//   TEST_POSTGRES_URL  server to use (default postgresql://postgres@127.0.0.1:5432); any database
//                      in it is ignored (CREATE/DROP DATABASE run from the `postgres` database).
//   SKIP_PG_IF_DOWN=1  outside CI (CI != "true"), a server that cannot be reached is a warning
//                      and exit 0 instead of exit 1.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import os from "node:os";
import pg from "pg";
import { createPostgresDatabase, databaseUrl, dropDatabaseFamily } from "../test/support/postgres";

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error("usage: tsx scripts/with-test-postgres.ts <command> [args...]");
  process.exit(2);
}

const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const shown = redact(serverUrl);

async function reachable(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: databaseUrl(serverUrl, "postgres"),
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Tries to start the local Debian cluster(s); false when the server is not a local one. */
function startLocalCluster(): boolean {
  const host = new URL(serverUrl).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) return false;
  let versions: string[] = [];
  try {
    versions = readdirSync("/etc/postgresql");
  } catch {
    return false; // no Debian cluster on this machine
  }
  for (const version of versions) {
    console.error(`with-test-postgres: starting PostgreSQL ${version} (pg_ctlcluster ${version} main start)`);
    try {
      execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], {
        stdio: "inherit",
      });
    } catch (error) {
      console.error(`with-test-postgres: pg_ctlcluster failed: ${(error as Error).message}`);
    }
  }
  return versions.length > 0;
}

async function ensureServer(): Promise<boolean> {
  if (await reachable()) return true;
  if (!startLocalCluster()) return false;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (await reachable()) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

if (!(await ensureServer())) {
  const message = `PostgreSQL at ${shown} is not reachable (a local cluster gets 20 s to start).`;
  if (process.env.SKIP_PG_IF_DOWN === "1" && process.env.CI !== "true") {
    console.warn(`with-test-postgres: WARNING: ${message} Skipping: ${command.join(" ")}`);
    process.exit(0);
  }
  console.error(`with-test-postgres: ${message}`);
  console.error("Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
  process.exit(1);
}

const name = `ocop_test_${randomBytes(4).toString("hex")}`;
await createPostgresDatabase(serverUrl, name);
const url = databaseUrl(serverUrl, name);

let cleaned = false;
async function cleanUp() {
  if (cleaned) return;
  cleaned = true;
  try {
    await dropDatabaseFamily(serverUrl, name);
  } catch (error) {
    console.error(`with-test-postgres: could not drop ${name}*: ${(error as Error).message}`);
  }
}

const child = spawn(command[0]!, command.slice(1), {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: url },
});
// Ctrl-C reaches the whole process group; SIGTERM (e.g. from a CI runner) is passed on.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => child.kill(signal));
}

const code = await new Promise<number>((resolve) => {
  child.on("error", (error) => {
    console.error(`with-test-postgres: cannot run ${command[0]}: ${error.message}`);
    resolve(127);
  });
  child.on("exit", (exitCode, signal) => {
    resolve(exitCode ?? 128 + (signal ? (os.constants.signals[signal] ?? 1) : 1));
  });
});
await cleanUp();
process.exit(code);
