// A production server killed with SIGKILL in the middle of saving a 2,000-row product import (its
// new rows written, its updates under way, inside the one transaction): after the restart not one
// row of it is there, it is never shown as done, and importing the file again saves every row
// exactly once.
//
// On PostgreSQL the save is caught mid-transaction for sure (a row it updates is locked here). On
// PGlite (the embedded database `npm start` uses, in a directory the server opens) the kill comes
// as the job starts, its moment in the save unknown (the page waits while the save holds PGlite's
// one connection): the directory must come back after the crash, with all of the import or none.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  addMember,
  createProducer,
  createUser,
  FACTORY_PASSWORD,
  randomPublicId,
} from "../../prisma/seed/factories";
import { testDatabaseKind } from "../support/database";
import { withAdminClient, databaseName } from "../support/postgres";
import {
  holdRowLocks,
  lockWaiter,
  logOf,
  openPgliteDir,
  requireBuild,
  signIn,
  startAppServer,
  stopAllAppServers,
  stopAppServer,
  until,
  type Browser,
} from "../support/faults";

const onPostgres = testDatabaseKind() === "postgres";
const { prisma } = await import("~/utils/db.server");
type Prisma = typeof prisma;

const ROWS = 2_000;
const EXISTING = 100;
const sku = (i: number) => `CF-${String(i).padStart(4, "0")}`;
let producerId: string;
let email: string;

/** 2,000 rows: the producer's 100 products with a new price, then 1,900 new ones. */
function spreadsheet(): Uint8Array {
  const lines = ["sku,name,ocopGroup,unit,priceVnd"];
  for (let i = 1; i <= ROWS; i++) {
    lines.push(`${sku(i)},Cà phê Cầu Đất số ${i},FOOD,gói,${i <= EXISTING ? 125_000 : 120_000}`);
  }
  return new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);
}

async function importFile(browser: Browser, file: Uint8Array) {
  const form = new FormData();
  form.append("file", new Blob([file as Uint8Array<ArrayBuffer>], { type: "text/csv" }), "san-pham.csv");
  const response = await browser.fetch(`/producer/${producerId}/import`, { method: "POST", body: form });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location")!, browser.base).searchParams.get("job")!;
}

const products = (db: Prisma = prisma) =>
  db.product.findMany({
    where: { producerId },
    select: { sku: true, priceVnd: true },
    orderBy: { sku: "asc" },
  });

async function seed(db: Prisma) {
  await db.province.create({ data: { code: "68", name: "Lâm Đồng", type: "tỉnh" } });
  await db.commune.create({ data: { code: "24800", name: "Đà Lạt", type: "phường", provinceCode: "68" } });
  const owner = await createUser(db, { role: "PRODUCER" });
  email = owner.email!;
  producerId = (await createProducer(db, { communeCode: "24800", name: "HTX Cà phê Cầu Đất" })).id;
  await addMember(db, producerId, owner.id, true);
  await db.product.createMany({
    data: Array.from({ length: EXISTING }, (_, k) => ({
      producerId,
      publicId: randomPublicId(),
      slug: `ca-phe-cau-dat-${k + 1}`,
      sku: sku(k + 1),
      name: `Cà phê Cầu Đất số ${k + 1}`,
      ocopGroup: "FOOD" as const,
      unit: "gói",
      priceVnd: 120_000,
    })),
  });
}

describe.skipIf(!onPostgres)(
  "the server killed (SIGKILL) while saving an import",
  { timeout: 120_000 },
  () => {
    const url = process.env.DATABASE_URL!;

    beforeAll(async () => {
      requireBuild();
      await seed(prisma);
    });

    afterAll(stopAllAppServers);

    test("not one row of the killed import is saved, it never shows as done, and the second import saves each row once", async () => {
      const before = await products();
      let app = await startAppServer("first", {});
      const browser = await signIn(app.url, email, FACTORY_PASSWORD);

      // One of the products the import updates is locked here: the save writes its 1,900 new rows,
      // then waits on the updates, inside its transaction, when the server is killed.
      const lock = await holdRowLocks(
        url,
        `SELECT 1 FROM "Product" WHERE "producerId" = $1 AND "sku" = $2 FOR UPDATE`,
        [producerId, sku(EXISTING)],
      );
      const jobId = await importFile(browser, spreadsheet());
      expect(await lockWaiter(url)).toMatch(/^\s*UPDATE "Product"/);
      expect(await prisma.product.count({ where: { producerId } }), "its new rows, not visible yet").toBe(
        EXISTING,
      );
      expect((await prisma.importJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("SAVING");
      await stopAppServer(app, "SIGKILL");
      await lock.release();
      // PostgreSQL ends the dead server's sessions (and rolls their transactions back) as it notices.
      await until("the killed server's sessions to end", () =>
        withAdminClient(url, async (client) => {
          const { rows } = await client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()
             AND (state <> 'idle' OR wait_event_type = 'Lock')`,
            [databaseName(url)],
          );
          return rows[0]!.n === 0;
        }),
      );
      expect(await products()).toEqual(before);
      expect(await prisma.changeRecord.count({ where: { producerId, entity: "Product" } })).toBe(0);

      app = await startAppServer("restarted", {}, { port: app.port });
      const page = await (await browser.fetch(`/producer/${producerId}/import?job=${jobId}`)).text();
      expect(page, logOf(app)).not.toContain("Hoàn tất");
      expect(page).not.toMatch(/1\.900 mới|1900 mới/);

      const again = await importFile(browser, spreadsheet());
      const done = await until(
        "the second import to finish",
        async () => {
          const job = await prisma.importJob.findUniqueOrThrow({ where: { id: again } });
          return job.status !== "VALIDATING" && job.status !== "SAVING" && job;
        },
        60_000,
      );
      expect(done, logOf(app)).toMatchObject({
        status: "DONE",
        createdRows: ROWS - EXISTING,
        updatedRows: EXISTING,
      });
      const after = await products();
      expect(after).toHaveLength(ROWS);
      expect(new Set(after.map((p) => p.sku)).size).toBe(ROWS);
      expect(after.slice(0, EXISTING).every((p) => p.priceVnd === 125_000)).toBe(true);
      const shown = await (await browser.fetch(`/producer/${producerId}/import?job=${again}`)).text();
      expect(shown).toContain("Kết quả nhập tệp");
    });
  },
);

describe.skipIf(onPostgres)(
  "PGlite: the server killed (SIGKILL) during an import",
  { timeout: 120_000 },
  () => {
    // Made by the suite's first step only (a skipped suite leaves nothing in /tmp).
    const root = path.join(tmpdir(), `ocop-faults-import-${randomBytes(4).toString("hex")}`);
    const dir = path.join(root, "db");
    const env = { PGLITE_DIR: dir };
    /** The directory's data, read once the server is gone (one process at a time). */
    const read = async <T>(fn: (db: Prisma) => Promise<T>) => {
      const db = await openPgliteDir(dir);
      try {
        return await fn(db.prisma);
      } finally {
        await db.close();
      }
    };

    beforeAll(async () => {
      requireBuild();
      const db = await openPgliteDir(dir, true);
      await seed(db.prisma);
      await db.close();
    });

    afterAll(async () => {
      await stopAllAppServers();
      rmSync(root, { recursive: true, force: true });
    });

    test("the data directory comes back with all of the import or none of it, and never half", async () => {
      const before = await read((db) => products(db));
      let app = await startAppServer("first", env);
      const browser = await signIn(app.url, email, FACTORY_PASSWORD);
      const jobId = await importFile(browser, spreadsheet());
      const page = `/producer/${producerId}/import?job=${jobId}`;
      // Killed as soon as the job has started: its rows are being checked or saved. (PGlite has one
      // connection, so the job page waits while the save runs: it cannot tell the moment.)
      await stopAppServer(app, "SIGKILL");

      // The server starts again on the directory it was killed on.
      app = await startAppServer("restarted", env, { port: app.port });
      expect((await browser.fetch(page)).status, logOf(app)).toBe(200);
      await stopAppServer(app, "SIGTERM");
      const after = await read((db) => products(db));
      const job = await read((db) => db.importJob.findUniqueOrThrow({ where: { id: jobId } }));
      if (job.status === "DONE") {
        expect(after).toHaveLength(ROWS);
      } else {
        expect(after).toEqual(before);
        expect(await read((db) => db.changeRecord.count({ where: { producerId, entity: "Product" } }))).toBe(
          0,
        );
      }
      // Importing the file again saves every row once, whatever the first one did.
      app = await startAppServer("again", env, { port: app.port });
      const again = await importFile(browser, spreadsheet());
      await until("the second import to finish", async () =>
        (await (await browser.fetch(`/producer/${producerId}/import?job=${again}`)).text()).includes(
          "Kết quả nhập tệp",
        ),
      );
      await stopAppServer(app, "SIGTERM");
      const final = await read((db) => products(db));
      expect(final).toHaveLength(ROWS);
      expect(new Set(final.map((p) => p.sku)).size).toBe(ROWS);
    });
  },
);
