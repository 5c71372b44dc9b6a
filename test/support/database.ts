// Test databases. Vitest's global setup (test/support/global-setup.ts) builds the migrated database
// once per run; every test file then gets its own copy (test/support/setup-database.ts):
//   - PGlite (no DATABASE_URL): an in-memory PGlite loaded from a migrated data-dir snapshot, on
//     the file's first use of the database (files that never touch it do not pay the ~0.5 s);
//   - PostgreSQL (DATABASE_URL set): `CREATE DATABASE <unique> TEMPLATE <migrated template>`.
// Every database a run creates on PostgreSQL is named after DATABASE_URL's database plus a
// suffix, so scripts/with-test-postgres.ts can drop any leftovers by that prefix.
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { type Database, newPglite, pgliteDatabase, postgresDatabase } from "~/utils/db.server";
import { createPostgresDatabase, databaseUrl, dropPostgresDatabase, uniqueDatabaseName } from "./postgres";

export type TestDatabaseTarget =
  | { kind: "pglite"; snapshotPath: string; emptySnapshotPath: string }
  | { kind: "postgres"; url: string; template: string };

declare module "vitest" {
  export interface ProvidedContext {
    ocopTestDatabase: TestDatabaseTarget;
  }
}

/** The database of the current test file (set up by test/support/setup-database.ts). */
export function testDatabase(): Database {
  const db = globalThis.__ocopDatabase;
  if (!db) throw new Error("No test database: is test/support/setup-database.ts in setupFiles?");
  return db;
}

export function testDatabaseKind(): "pglite" | "postgres" {
  return inject("ocopTestDatabase").kind;
}

export interface DisposableDatabase {
  db: Database;
  /** PostgreSQL only: the database's name. */
  name?: string;
  dispose(): Promise<void>;
}

/**
 * Makes `globalThis.__ocopDatabase` (what `database()` / `prisma` use) this test file's own copy
 * of the migrated database. On PGlite the copy boots on first access; assigning the global still
 * replaces it. Call the returned function once the file is done.
 */
export async function installTestDatabase(): Promise<() => Promise<void>> {
  const target = inject("ocopTestDatabase");
  if (target.kind === "postgres") {
    const copy = await openPostgresCopy(target.url, target.template);
    globalThis.__ocopDatabase = copy.db;
    // Anything that opens its own connection (a spawned script, a second pool) reaches the copy
    // too. env() is not called here: test files may still set variables before its first use.
    process.env.DATABASE_URL = databaseUrl(target.url, copy.name!);
    return async () => {
      if (globalThis.__ocopDatabase === copy.db) globalThis.__ocopDatabase = undefined;
      await copy.dispose();
    };
  }
  let copy: DisposableDatabase | undefined;
  let assigned: { value: Database | undefined } | undefined;
  Object.defineProperty(globalThis, "__ocopDatabase", {
    configurable: true,
    enumerable: true,
    get: () => (assigned ? assigned.value : (copy ??= openPgliteCopy(target.snapshotPath)).db),
    set: (value: Database | undefined) => {
      assigned = { value };
    },
  });
  return async () => {
    delete (globalThis as { __ocopDatabase?: Database }).__ocopDatabase;
    await copy?.dispose();
  };
}

/** A fresh copy of the migrated database, private to the caller. */
export async function openTestDatabase(): Promise<DisposableDatabase> {
  const target = inject("ocopTestDatabase");
  if (target.kind === "pglite") return ready(openPgliteCopy(target.snapshotPath));
  return openPostgresCopy(target.url, target.template);
}

/**
 * A brand-new, empty database (no migrations applied) of the kind the run targets: a new
 * PostgreSQL database from template0, or an in-memory PGlite loaded from the data dir of a new
 * PGlite dumped before it was migrated (identical to initdb's output, 5x faster to start).
 */
export async function createEmptyDatabase(): Promise<DisposableDatabase> {
  const target = inject("ocopTestDatabase");
  if (target.kind === "pglite") return ready(openPgliteCopy(target.emptySnapshotPath));
  return openPostgresCopy(target.url, "template0");
}

/** Synchronous: PGlite boots in the background and its queries wait until it is ready. */
function openPgliteCopy(snapshotPath: string): DisposableDatabase & { ready: Promise<void> } {
  // "memory://", not undefined: `new PGlite(undefined, options)` drops the options (extensions,
  // loadDataDir) in PGlite 0.5, so newPglite() without a directory would ignore the snapshot.
  const client = newPglite("memory://", new Blob([readFileSync(snapshotPath)]));
  const db = pgliteDatabase(client);
  return { db, ready: client.waitReady, dispose: () => db.close() };
}

async function ready(copy: DisposableDatabase & { ready: Promise<void> }): Promise<DisposableDatabase> {
  await copy.ready;
  return copy;
}

async function openPostgresCopy(url: string, template: string): Promise<DisposableDatabase> {
  const name = uniqueDatabaseName(url);
  await createPostgresDatabase(url, name, template);
  const db = postgresDatabase(databaseUrl(url, name));
  return {
    db,
    name,
    async dispose() {
      await db.close();
      await dropPostgresDatabase(url, name);
    },
  };
}
