// Helpers for the fault tests (test/integration/faults-*.test.ts): real production servers
// (`server/index.ts` on the build in build/) started, killed and restarted around this test
// file's database, a browser that keeps cookies, and a PostgreSQL database taken away and given
// back the way a restart looks to the app.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { newPglite, pgliteDatabase, type Database } from "~/utils/db.server";
import { databaseName, quoteIdent, withAdminClient } from "./postgres";

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Polls `probe` until it gives a truthy value; a loaded machine gets the whole `ms`. */
export async function until<T>(
  what: string | (() => string),
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  ms = 60_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function requireBuild() {
  if (!existsSync("build/server/index.js"))
    throw new Error("No production build: run `npx remix vite:build` first (scripts/test-all.sh does).");
}

export interface AppServer {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  log: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: AppServer[] = [];
export const alive = (s: AppServer) => s.child.exitCode === null && s.child.signalCode === null;
export const logOf = (s: AppServer) => `--- ${s.name} ---\n${s.log.join("").slice(-4000)}`;

/**
 * A production server on `port` (a new free one by default) with this test file's database:
 * DATABASE_URL as the setup file left it (PostgreSQL), or `env.PGLITE_DIR`. Resolves once its
 * /healthz answers 200 (it listens and its database answers).
 */
export async function startAppServer(
  name: string,
  env: Record<string, string | undefined>,
  { port }: { port?: number } = {},
): Promise<AppServer> {
  // Never the developer's own ./data/db.
  if (!process.env.DATABASE_URL && !env.PGLITE_DIR) throw new Error("startAppServer: no database");
  port ??= await freePort();
  // node --import tsx, not the tsx CLI (which runs the server in a grandchild): the pid signalled
  // is the server's own.
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      SESSION_SECRETS: "faults-test-secret",
      JOBS_INTERVAL_MS: "0",
      PUSH_WORKER: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  child.stdout!.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const server: AppServer = { name, url: `http://127.0.0.1:${port}`, port, child, log, exited };
  started.push(server);
  await until(
    () => `${name} to start\n${logOf(server)}`,
    async () => {
      if (!alive(server)) throw new Error(`${name} exited while starting\n${logOf(server)}`);
      return fetch(`${server.url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    },
    90_000,
  );
  return server;
}

/** Sends `signal` and waits for the process to end. */
export async function stopAppServer(server: AppServer, signal: NodeJS.Signals = "SIGKILL") {
  if (alive(server)) server.child.kill(signal);
  return server.exited;
}

/** afterAll: no server outlives its test file (nor keeps the database open), whatever happened. */
export async function stopAllAppServers() {
  await Promise.all(
    started.map(async (s) => {
      if (!alive(s)) return;
      s.child.kill("SIGTERM");
      const timer = setTimeout(() => s.child.kill("SIGKILL"), 10_000);
      await s.exited;
      clearTimeout(timer);
    }),
  );
}

/** A browser: keeps the cookies the server sets, sends Origin on POSTs as a browser does. */
export class Browser {
  private jar = new Map<string, string>();
  constructor(readonly base: string) {}

  get cookie() {
    return [...this.jar.entries()].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(";")[0]!;
      const at = pair.indexOf("=");
      const [key, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.jar.delete(key);
      else this.jar.set(key, value);
    }
    return response;
  }

  async fetch(pathname: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.jar.size) headers.set("Cookie", this.cookie);
    if (init.method && init.method !== "GET") headers.set("Origin", this.base);
    return this.keep(await fetch(this.base + pathname, { redirect: "manual", ...init, headers }));
  }

  post(pathname: string, fields: Record<string, string>, init: RequestInit = {}) {
    return this.fetch(pathname, { ...init, method: "POST", body: new URLSearchParams(fields) });
  }
}

export async function signIn(base: string, identifier: string, password: string): Promise<Browser> {
  const browser = new Browser(base);
  const response = await browser.post("/login", { identifier, password });
  if (response.status !== 302) throw new Error(`login failed: HTTP ${response.status}`);
  await response.arrayBuffer();
  return browser;
}

// ---------------------------------------------------------------------------------------------
// A PostgreSQL outage, as the app sees a restart: every session of the database ends (queries in
// flight fail with 57P01), and new connections are refused until it is back. Done on this test's
// own database only, from the server's maintenance database: the machine's PostgreSQL is shared
// with other test files running at the same time.

export async function takeDatabaseDown(url: string) {
  const name = databaseName(url);
  await withAdminClient(url, async (client) => {
    await client.query(`ALTER DATABASE ${quoteIdent(name)} ALLOW_CONNECTIONS false`);
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [name],
    );
  });
}

export async function bringDatabaseUp(url: string) {
  await withAdminClient(url, (client) =>
    client.query(`ALTER DATABASE ${quoteIdent(databaseName(url))} ALLOW_CONNECTIONS true`),
  );
}

/**
 * Opens a transaction on the database that locks the rows `sql` selects (… FOR UPDATE) and keeps
 * it open: a request touching them waits in the middle of its own transaction, where the outage
 * then catches it. The outage ends the lock's session too.
 */
export async function holdRowLocks(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined); // terminated with the others
  await client.connect();
  await client.query("BEGIN");
  await client.query(sql, params);
  return { release: () => client.end().catch(() => undefined) };
}

/** Resolves, with its SQL, once some session of the database waits for a lock. */
export function lockWaiter(url: string) {
  return until("a request to wait for the row lock", () =>
    withAdminClient(url, async (client) => {
      const { rows } = await client.query<{ query: string }>(
        `SELECT query FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
        [databaseName(url)],
      );
      return rows[0]?.query;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// PGlite: a database directory a spawned server can open. One process at a time: the test seeds
// it and closes it, the server runs on it, the test opens it again once the server is gone.

export function openPgliteDir(dir: string, fromSnapshot = false): Promise<Database> {
  const target = inject("ocopTestDatabase");
  if (target.kind !== "pglite") throw new Error("openPgliteDir: the run is on PostgreSQL");
  const client = newPglite(dir, fromSnapshot ? new Blob([readFileSync(target.snapshotPath)]) : undefined);
  return client.waitReady.then(() => pgliteDatabase(client));
}

/** Every file under `dir` (relative paths), or [] when it does not exist. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) {
        out.push(`${path.relative(dir, full)}/`);
        walk(full);
      } else out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}
