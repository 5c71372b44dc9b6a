// The migration runner, on a brand-new empty database of the kind this run targets (an in-memory
// PGlite, or a new PostgreSQL database when DATABASE_URL is set): not the file's pre-migrated copy.
import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile, mkdir, appendFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmptyDatabase, type DisposableDatabase } from "../../test/support/database";
import { databaseUrl } from "../../test/support/postgres";
import { postgresDatabase, type SqlClient } from "./db.server";
import { defaultMigrationsDir, migrate, MigrationError, readMigrations } from "./migrations.server";

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

let empty: DisposableDatabase;
let sql: SqlClient;
let tmp: string;

beforeEach(async () => {
  empty = await createEmptyDatabase();
  sql = empty.db.sql;
  tmp = await mkdtemp(path.join(os.tmpdir(), "ocop-migrations-"));
});

afterEach(async () => {
  await empty.dispose();
  await rm(tmp, { recursive: true, force: true });
});

const records = () => sql.query<MigrationRow>(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);

const tableExists = async (name: string) =>
  (await sql.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [`public."${name}"`]))[0]?.t !==
  null;

async function writeMigration(dir: string, name: string, body: string) {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, "migration.sql"), body);
}

describe("migrate", () => {
  it("applies every migration in order and records it as Prisma does", async () => {
    const migrations = await readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.map((m) => m.name)).toEqual(migrations.map((m) => m.name).sort());
    expect(await sql.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).toEqual([]);

    const applied = await migrate(sql, migrations);

    expect(applied).toEqual(migrations.map((m) => m.name));
    const rows = await records();
    expect(rows.map((r) => r.migration_name)).toEqual(applied);
    for (const row of rows) {
      const file = await readFile(path.join(defaultMigrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    expect(await tableExists("User")).toBe(true);
  });

  it("applies nothing the second time", async () => {
    const migrations = await readMigrations();
    await migrate(sql, migrations);
    const before = await records();

    expect(await migrate(sql, migrations)).toEqual([]);
    expect(await records()).toEqual(before);
  });

  it("applies only the migrations added since the last run", async () => {
    await cp(defaultMigrationsDir, tmp, { recursive: true });
    await migrate(sql, await readMigrations(tmp));
    await writeMigration(tmp, "99990101000000_later", `CREATE TABLE "Later" ("id" INTEGER PRIMARY KEY);`);

    expect(await migrate(sql, await readMigrations(tmp))).toEqual(["99990101000000_later"]);
    expect(await tableExists("Later")).toBe(true);
  });

  it("refuses a migration that was modified after it was applied", async () => {
    await cp(defaultMigrationsDir, tmp, { recursive: true });
    await migrate(sql, await readMigrations(tmp));
    const before = await records();
    const [first] = await readMigrations(tmp);
    await appendFile(
      path.join(tmp, first!.name, "migration.sql"),
      `\nCREATE TABLE "Sneaky" ("id" INTEGER);\n`,
    );
    await writeMigration(tmp, "99990101000000_later", `CREATE TABLE "Later" ("id" INTEGER PRIMARY KEY);`);

    const run = migrate(sql, await readMigrations(tmp));

    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow(`Migration ${first!.name} was modified after it was applied`);
    expect(await records()).toEqual(before);
    expect(await tableExists("Sneaky")).toBe(false);
    expect(await tableExists("Later")).toBe(false);
  });

  it("rolls back a failing migration completely and keeps the earlier ones", async () => {
    await writeMigration(
      tmp,
      "20260101000000_good",
      `CREATE TABLE "Good" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "Good" VALUES (1);\n`,
    );
    const broken = [
      `CREATE TABLE "Partial" ("id" INTEGER PRIMARY KEY);`,
      `INSERT INTO "Partial" VALUES (1);`,
      `ALTER TABLE "Good" ADD COLUMN "note" TEXT;`,
      `INSERT INTO "DoesNotExist" VALUES (1);`,
    ].join("\n");
    await writeMigration(tmp, "20260102000000_broken", broken);
    await writeMigration(tmp, "20260103000000_after", `CREATE TABLE "After" ("id" INTEGER);`);

    await expect(migrate(sql, await readMigrations(tmp))).rejects.toThrow(/DoesNotExist/);

    expect(await tableExists("Good")).toBe(true);
    expect(await sql.query(`SELECT * FROM "Good"`)).toEqual([{ id: 1 }]); // no "note" column
    expect(await tableExists("Partial")).toBe(false);
    expect(await tableExists("After")).toBe(false);
    const rows = await records();
    expect(rows.map((r) => [r.migration_name, r.applied_steps_count, r.finished_at !== null])).toEqual([
      ["20260101000000_good", 1, true],
    ]);

    // Nothing recorded the failure, so the corrected migration simply applies on the next run.
    await writeMigration(
      tmp,
      "20260102000000_broken",
      broken.replace(`INSERT INTO "DoesNotExist" VALUES (1);`, ""),
    );
    expect(await migrate(sql, await readMigrations(tmp))).toEqual([
      "20260102000000_broken",
      "20260103000000_after",
    ]);
    expect(await sql.query(`SELECT * FROM "Partial"`)).toEqual([{ id: 1 }]);
  });

  it("lets two instances start together on an empty database: each migration applied once", async () => {
    // On PostgreSQL, a second connection pool to the same database plays the second instance.
    const second =
      empty.name && process.env.DATABASE_URL
        ? postgresDatabase(databaseUrl(process.env.DATABASE_URL, empty.name))
        : null;
    try {
      const results = await Promise.all([
        migrate(sql, await readMigrations()),
        migrate(second?.sql ?? sql, await readMigrations()),
      ]);
      const all = (await readMigrations()).map((m) => m.name);
      expect([...results[0], ...results[1]].sort()).toEqual(all);
      expect((await records()).map((r) => r.migration_name)).toEqual(all);
    } finally {
      await second?.close();
    }
  });

  it("enables pg_trgm and unaccent for search", async () => {
    await migrate(sql, await readMigrations());

    const extensions = await sql.query<{ extname: string }>(
      `SELECT extname FROM pg_extension WHERE extname IN ('pg_trgm', 'unaccent') ORDER BY extname`,
    );
    expect(extensions.map((e) => e.extname)).toEqual(["pg_trgm", "unaccent"]);

    const [row] = await sql.query<{
      plain: string;
      exact: number;
      typo: number;
      other: number;
      match: boolean;
    }>(
      `SELECT unaccent('Cà phê Đắk Mil') AS plain,
              similarity(unaccent('Cà phê Đắk Mil'), 'ca phe dak mil')::float8 AS exact,
              similarity(unaccent('Cà phê Đắk Mil'), 'cafe dak mill')::float8 AS typo,
              similarity(unaccent('Cà phê Đắk Mil'), 'mật ong bạc hà')::float8 AS other,
              unaccent('Cà phê Đắk Mil') % 'ca phe dak mill' AS match`,
    );
    expect(row!.plain).toBe("Ca phe Dak Mil");
    expect(row!.exact).toBe(1);
    expect(row!.typo).toBeGreaterThan(0.3);
    expect(row!.typo).toBeLessThan(1);
    expect(row!.other).toBeLessThan(0.1);
    expect(row!.match).toBe(true);
  });
});
