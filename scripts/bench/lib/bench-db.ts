// The benchmark's database: a throwaway PostgreSQL database (or a kept one with --reuse) on the
// server of TEST_POSTGRES_URL, or a PGlite folder. Also the CPU time of the PostgreSQL backends
// serving it, read from /proc (the server is local).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import {
  createPostgresDatabase,
  databaseUrl,
  dropPostgresDatabase,
  withAdminClient,
} from "../../../test/support/postgres";
import { cpuMs } from "./proc";

export type DbKind = "postgres" | "pglite";

export interface BenchDatabase {
  kind: DbKind;
  /** Environment for the seed script and the server: DATABASE_URL or PGLITE_DIR. */
  env: Record<string, string>;
  /** Where it lives, for the report and for --reuse. */
  label: string;
  /** Reads rows before the server starts (PGlite allows one process at a time). */
  query<T>(text: string): Promise<T[]>;
  /** CPU ms used so far by the PostgreSQL backends connected to this database (null on PGlite). */
  backendCpuMs(): Promise<number | null>;
  /** Whether a query is running in this database now (PGlite: never asked, it runs in the server). */
  busy(): Promise<boolean>;
  /** Transactions committed so far in this database (one per autocommit query; null on PGlite). */
  transactions(): Promise<number | null>;
  /** Drops a throwaway database; a reused one is kept. */
  dispose(): Promise<void>;
}

export const SERVER_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function openBenchDatabase(
  kind: DbKind,
  options: { reuse: boolean; products: number },
): Promise<BenchDatabase> {
  return kind === "postgres" ? openPostgres(options) : openPglite(options);
}

async function openPostgres({
  reuse,
  products,
}: {
  reuse: boolean;
  products: number;
}): Promise<BenchDatabase> {
  const name = reuse ? `ocop_bench_${products}` : `ocop_bench_${randomBytes(4).toString("hex")}`;
  const exists = await withAdminClient(SERVER_URL, async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return (rowCount ?? 0) > 0;
  });
  if (!exists) await createPostgresDatabase(SERVER_URL, name);
  const url = databaseUrl(SERVER_URL, name);
  const known = new Map<number, number>(); // backend pid → last CPU ms read
  return {
    kind: "postgres",
    env: { DATABASE_URL: url },
    label: `PostgreSQL database ${name}${reuse ? " (kept: --reuse)" : " (dropped at the end)"}`,
    async query<T>(text: string) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(text)).rows as T[];
      } finally {
        await client.end();
      }
    },
    async backendCpuMs() {
      // Backends come and go (the app's pool closes idle ones): keep the last reading of each.
      const pids = await withAdminClient(SERVER_URL, async (client) => {
        const { rows } = await client.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = $1",
          [name],
        );
        return rows.map((r) => r.pid);
      });
      for (const pid of pids) {
        const ms = cpuMs(pid);
        if (ms !== null) known.set(pid, ms);
      }
      return [...known.values()].reduce((sum, ms) => sum + ms, 0);
    },
    async busy() {
      return withAdminClient(SERVER_URL, async (client) => {
        const { rowCount } = await client.query(
          "SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND state = 'active'",
          [name],
        );
        return (rowCount ?? 0) > 0;
      });
    },
    async transactions() {
      // Backends report their counts when idle, at most once a second: give them the time.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return withAdminClient(SERVER_URL, async (client) => {
        const { rows } = await client.query<{ n: string }>(
          "SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1",
          [name],
        );
        return Number(rows[0]?.n ?? 0);
      });
    },
    async dispose() {
      if (!reuse) await dropPostgresDatabase(SERVER_URL, name);
    },
  };
}

async function openPglite({ reuse, products }: { reuse: boolean; products: number }): Promise<BenchDatabase> {
  const dir = reuse
    ? path.resolve("data/bench", `pglite-${products}`)
    : mkdtempSync(path.join(tmpdir(), "ocop-bench-pglite-"));
  if (reuse && !existsSync(dir)) mkdirSync(dir, { recursive: true });
  const dataDir = path.join(dir, "db");
  return {
    kind: "pglite",
    env: { PGLITE_DIR: dataDir },
    label: `PGlite in ${dataDir}${reuse ? " (kept: --reuse)" : " (deleted at the end)"}`,
    async query<T>(text: string) {
      const { newPglite } = await import("~/utils/db.server");
      const db = newPglite(dataDir);
      try {
        return (await db.query<T>(text)).rows;
      } finally {
        await db.close();
      }
    },
    async backendCpuMs() {
      return null;
    },
    async busy() {
      return false;
    },
    async transactions() {
      return null;
    },
    async dispose() {
      if (!reuse) rmSync(dir, { recursive: true, force: true });
    },
  };
}
