// Runs once per Vitest run, in the main process: builds the migrated database every test file
// copies (see test/support/setup-database.ts), and removes it when the run ends.
//   - PGlite (no DATABASE_URL): a new in-memory PGlite is migrated and its data dir dumped to
//     .cache/test-db/snapshot-<run>.tar (uncompressed: loads ~40% faster than gzip). Its data dir
//     is also dumped before migrating (empty-<run>.tar): tests of the migration runner start from
//     it, as loading a snapshot takes ~0.4 s where a new PGlite's initdb takes ~2 s. Migrating a
//     truly new PGlite is still exercised here, on every run.
//   - PostgreSQL (DATABASE_URL set): database `<name>_template` is (re)created and migrated.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { newPglite, pgliteSql, postgresDatabase } from "~/utils/db.server";
import { migrate, readMigrations } from "~/utils/migrations.server";
import { createPostgresDatabase, databaseUrl, dropPostgresDatabase, templateDatabaseName } from "./postgres";

const SNAPSHOT_DIR = path.resolve(".cache/test-db");
const STALE_MS = 6 * 60 * 60 * 1000;

export default async function setup({ provide }: TestProject) {
  const started = Date.now();
  const migrations = await readMigrations();
  const url = process.env.DATABASE_URL;

  if (url) {
    const template = templateDatabaseName(url);
    await dropPostgresDatabase(url, template); // a stale one from an interrupted run
    await createPostgresDatabase(url, template, "template0");
    const db = postgresDatabase(databaseUrl(url, template));
    try {
      await migrate(db.sql, migrations);
    } finally {
      await db.close(); // CREATE DATABASE … TEMPLATE needs the template without sessions
    }
    provide("ocopTestDatabase", { kind: "postgres", url, template });
    log(`PostgreSQL template ${template} migrated in ${Date.now() - started} ms`);
    return async () => {
      await dropPostgresDatabase(url, template);
    };
  }

  await mkdir(SNAPSHOT_DIR, { recursive: true });
  await removeStaleSnapshots();
  const run = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const snapshotPath = path.join(SNAPSHOT_DIR, `snapshot-${run}.tar`);
  const emptySnapshotPath = path.join(SNAPSHOT_DIR, `empty-${run}.tar`);
  const pglite = newPglite("memory://");
  try {
    // dumpDataDir() does not wait for the boot: called early, it made the whole run exit silently.
    await pglite.waitReady;
    await writeDump(pglite, emptySnapshotPath);
    await migrate(pgliteSql(pglite), migrations);
    await writeDump(pglite, snapshotPath);
  } finally {
    await pglite.close();
  }
  provide("ocopTestDatabase", { kind: "pglite", snapshotPath, emptySnapshotPath });
  log(`PGlite snapshots built in ${Date.now() - started} ms`);
  return async () => {
    await rm(snapshotPath, { force: true });
    await rm(emptySnapshotPath, { force: true });
  };
}

async function writeDump(pglite: PGlite, file: string) {
  const dump = await pglite.dumpDataDir("none");
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
}

function log(message: string) {
  if (process.env.DEBUG_TEST_DB) console.log(`[test-db] ${message}`);
}

/** Snapshots left behind by killed runs (each run names its own, so parallel runs never clash). */
async function removeStaleSnapshots() {
  for (const name of await readdir(SNAPSHOT_DIR)) {
    if (!/^(snapshot|empty)-.*\.tar$/.test(name)) continue;
    const file = path.join(SNAPSHOT_DIR, name);
    const info = await stat(file).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > STALE_MS) await rm(file, { force: true });
  }
}
