import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "~/generated/prisma/client";
import { env } from "./env.server";

/** The raw SQL surface shared by PGlite and PostgreSQL (migrations, health, tests). */
export interface SqlClient {
  readonly kind: "pglite" | "postgres";
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a multi-statement script. */
  exec(script: string): Promise<void>;
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}

export interface Database {
  readonly sql: SqlClient;
  readonly prisma: PrismaClient;
  /**
   * PostgreSQL: a connection of its own for tiny reads made on every request (the catalogue's
   * change clock), so that they never queue behind the pool's slow queries.
   */
  readonly side?: SqlClient;
  close(): Promise<void>;
}

export function pgliteSql(db: PGlite): SqlClient {
  const wrap = (q: Pick<PGlite, "query" | "exec">): Omit<SqlClient, "transaction"> => ({
    kind: "pglite",
    async query<T>(text: string, params?: unknown[]) {
      return (await q.query<T>(text, params)).rows;
    },
    async exec(script: string) {
      await q.exec(script);
    },
  });
  return {
    ...wrap(db),
    transaction: (fn) =>
      db.transaction((tx) => fn({ ...wrap(tx), transaction: () => Promise.reject(new Error("nested")) })),
  };
}

export function postgresSql(pool: pg.Pool): SqlClient {
  return {
    kind: "postgres",
    async query<T>(text: string, params?: unknown[]) {
      return (await pool.query(text, params)).rows as T[];
    },
    async exec(script: string) {
      await pool.query(script);
    },
    async transaction(fn) {
      const client = await pool.connect();
      const tx: SqlClient = {
        kind: "postgres",
        query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
        exec: async (script) => void (await client.query(script)),
        transaction: () => Promise.reject(new Error("nested")),
      };
      try {
        await client.query("BEGIN");
        const result = await fn(tx);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

export function newPglite(dataDir?: string, loadDataDir?: Blob | File): PGlite {
  if (dataDir && !dataDir.includes("://"))
    mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  // PGlite ignores the options when the first argument is undefined: name the in-memory store.
  return new PGlite(dataDir ?? "memory://", { extensions: { pg_trgm, unaccent }, loadDataDir });
}

export function pgliteDatabase(client: PGlite): Database {
  return {
    sql: pgliteSql(client),
    prisma: new PrismaClient({ adapter: new PrismaPGlite(client) }),
    close: () => client.close(),
  };
}

export function postgresDatabase(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client losing its server (restart) must not crash the process.
  pool.on("error", () => undefined);
  // A transaction waits up to 10 s for one of the pool's connections (Prisma's default, 2 s, failed
  // checkouts under a load the pool clears in a few seconds).
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: { maxWait: 10_000 } });
  const side = new pg.Pool({ connectionString: url, max: 1 });
  side.on("error", () => undefined);
  return {
    sql: postgresSql(pool),
    prisma,
    side: postgresSql(side),
    close: async () => {
      await prisma.$disconnect();
      await Promise.all([pool.end(), side.end()]);
    },
  };
}

export function openDatabase(): Database {
  const { DATABASE_URL, PGLITE_DIR } = env();
  return DATABASE_URL ? postgresDatabase(DATABASE_URL) : pgliteDatabase(newPglite(PGLITE_DIR));
}

// What a restart, a failover or a refusing server looks like, through pg and Prisma's adapter:
// socket errors, SQLSTATE class 08 (connection), 57P01-03 (shutdown, starting up), 53300 (too
// many connections), "not currently accepting connections", a pool that found no connection.
const AWAY_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
const AWAY_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "P1001",
  "P1002",
  "P1017",
  "P2024",
]);

/** Did this fail because the database is away for now (rather than because of the query)? */
export function isDatabaseUnavailable(error: unknown): boolean {
  const queue = [error];
  for (let i = 0; i < queue.length && i < 10; i++) {
    const e = queue[i];
    if (!e || typeof e !== "object") continue;
    const { kind, code, originalCode, message, cause, meta } = e as Record<string, unknown>;
    const state = String(originalCode ?? code ?? "");
    const text = typeof message === "string" ? message : "";
    if (AWAY_KINDS.has(String(kind)) || AWAY_CODES.has(state)) return true;
    if (/^(08...|57P0[123]|53300)$/.test(state)) return true;
    if (/not currently accepting connections|Connection terminated/i.test(text)) return true;
    // The pool stayed busy longer than a transaction may wait for it (P2028).
    if (/Unable to start a transaction in the given time/i.test(text)) return true;
    queue.push(cause, (meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError);
  }
  return false;
}

declare global {
  // One database per process, shared by the server bundle and scripts (and replaced by tests).
  var __ocopDatabase: Database | undefined;
}

export function database(): Database {
  return (globalThis.__ocopDatabase ??= openDatabase());
}

/** The Prisma client of the current database. */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = database().prisma;
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});
