// Benchmark catalogue: `npx tsx scripts/bench/seed-catalogue.ts [--products=100000]`
//
// On the database the app would open (DATABASE_URL, else PGlite in PGLITE_DIR): migrate, load the
// administrative units and the demo data (as test/e2e/serve.ts does), then add N listed products
// (default 100,000) from ~N/50 producers spread over all 34 provinces, each with a cover photo (a
// demo photo's variants, so no image work), an OCOP certificate when starred (~40%), a GTIN-13 on
// half, one batch and a 3–6 event farm diary with a valid hash chain. Rows are generated in chunks
// and written with one set-based INSERT per table and chunk, then VACUUM ANALYZE.
//
// Options: --products=N  --producers=N (default N/50, at least 40)  --chunk=5000  --seed=1
//          --photo-width=480 (demo photos)
// A database that already holds the bench catalogue is left alone (exit 0 if it has the same
// product count, exit 1 if not). The last line is `RESULT {json}` for scripts/bench/catalogue.ts.
import type { OcopGroup } from "~/generated/prisma/enums";
import { database } from "~/utils/db.server";
import { migrate, readMigrations } from "~/utils/migrations.server";
import { seedAdminUnits } from "../../prisma/seed/admin-units";
import { seedDemo } from "../../prisma/seed/demo";
import { intOption, parseArgs } from "./lib/args";
import { insertChunk, insertProducers, type TableTimes } from "./lib/bulk-insert";
import { CatalogueGenerator, type CommuneInfo, type PhotoRef } from "./lib/catalogue-rows";
import { createRandom } from "./lib/random";

const options = parseArgs();
const productCount = intOption(options, "products", 100_000);
const producerCount = intOption(options, "producers", Math.max(40, Math.round(productCount / 50)));
const chunkSize = Math.max(1, intOption(options, "chunk", 5000));
const seed = intOption(options, "seed", 1);
const photoWidth = intOption(options, "photo-width", 480);

const started = performance.now();
const seconds = (from: number) => Number(((performance.now() - from) / 1000).toFixed(1));
const db = database();
const { sql, prisma } = db;
const kind = sql.kind;

async function count(table: string, where = "TRUE"): Promise<number> {
  const [row] = await sql.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM "${table}" WHERE ${where}`,
  );
  return Number(row?.n ?? 0);
}

try {
  let at = performance.now();
  await migrate(sql, await readMigrations());
  await seedAdminUnits(prisma);
  await seedDemo(prisma, { photoWidth });
  const baseSeconds = seconds(at);
  console.log(`seed-catalogue: ${kind}: migrated, admin units and demo data in ${baseSeconds} s`);

  const existing = await count("Product", `"sku" LIKE 'BENCH-%'`);
  if (existing > 0) {
    const same = existing === productCount;
    console.log(
      `seed-catalogue: the database already holds ${existing} bench products: ${same ? "nothing to do" : `not ${productCount}; use a fresh database`}`,
    );
    console.log(`RESULT ${JSON.stringify({ kind, products: existing, skipped: true })}`);
    process.exitCode = same ? 0 : 1;
  } else {
    at = performance.now();
    const communes = await sql.query<CommuneInfo>(
      `SELECT c."code", c."name", c."type", c."provinceCode", p."name" AS "provinceName", p."type" AS "provinceType"
       FROM "Commune" c JOIN "Province" p ON p."code" = c."provinceCode" ORDER BY c."code"`,
    );
    const photoRows = await sql.query<PhotoRef & { group: OcopGroup }>(
      `SELECT DISTINCT ON (p."ocopGroup") p."ocopGroup" AS "group", ph."hash", ph."width", ph."height", ph."placeholder"
       FROM "ProductPhoto" ph JOIN "Product" p ON p."id" = ph."productId"
       WHERE ph."position" = 0 ORDER BY p."ocopGroup", p."createdAt", p."id"`,
    );
    if (!photoRows.length) throw new Error("No demo photo to reuse: did seedDemo run?");
    const photos = new Map<OcopGroup | "any", PhotoRef>([["any", photoRows[0]!]]);
    for (const { group, ...photo } of photoRows) photos.set(group, photo);
    const [user] = await sql.query<{ id: string }>(
      `SELECT "id" FROM "User" WHERE "email" = 'producer@demo.ocop.vn'`,
    );
    if (!user) throw new Error("The demo producer account is missing");
    const taken = await sql.query<{ slug: string; publicId: string | null; gtin: string | null }>(
      `SELECT "slug", "publicId", "gtin" FROM "Product" UNION ALL SELECT "slug", NULL, NULL FROM "Producer"`,
    );
    const generator = new CatalogueGenerator(createRandom(seed), communes, photos, user.id, new Date(), {
      slugs: taken.map((t) => t.slug),
      publicIds: taken.flatMap((t) => (t.publicId ? [t.publicId] : [])),
      gtins: taken.flatMap((t) => (t.gtin ? [t.gtin] : [])),
    });
    const producers = generator.planProducers(producerCount);
    await insertProducers(sql, producers);
    console.log(
      `seed-catalogue: ${producers.length} producers in ${new Set(producers.map((p) => p.provinceCode)).size} provinces, ` +
        `${new Set(producers.map((p) => p.communeCode)).size} communes (${seconds(at)} s)`,
    );

    const times: TableTimes = { products: 0, photos: 0, certificates: 0, batches: 0, events: 0 };
    let generateMs = 0;
    const insertStarted = performance.now();
    // Chunk k + 1 is generated while chunk k is being inserted (PostgreSQL works in its own process).
    let inserting: Promise<void> = Promise.resolve();
    for (let from = 0; from < productCount; from += chunkSize) {
      const to = Math.min(productCount, from + chunkSize);
      at = performance.now();
      const chunk = await generator.productsYielding(from, to);
      generateMs += performance.now() - at;
      await inserting;
      inserting = insertChunk(sql, chunk, times).then(() => {
        if (to === productCount || (to / chunkSize) % 4 === 0)
          console.log(`seed-catalogue: ${to} / ${productCount} products (${seconds(insertStarted)} s)`);
      });
    }
    await inserting;
    const loadSeconds = seconds(insertStarted);

    at = performance.now();
    for (const table of ["Producer", "Product", "ProductPhoto", "Certificate", "Batch", "DiaryEvent"])
      await sql.query(`VACUUM ANALYZE "${table}"`);
    const analyzeSeconds = seconds(at);

    const counts = {
      producers: await count("Producer"),
      provinces: Number(
        (await sql.query<{ n: number }>(`SELECT count(DISTINCT "provinceCode") AS n FROM "Producer"`))[0]?.n,
      ),
      listedProducts: await count("Product", `"listedAt" IS NOT NULL`),
      withGtin: await count("Product", `"gtin" IS NOT NULL`),
      starred: await count("Product", `"ocopStars" IS NOT NULL`),
      certificates: await count("Certificate"),
      batches: await count("Batch"),
      events: await count("DiaryEvent"),
    };
    const ms = (v: number) => `${(v / 1000).toFixed(1)} s`;
    console.log(
      `seed-catalogue: ${productCount} products loaded in ${loadSeconds} s — wall time of the INSERTs: products ` +
        `${ms(times.products)}, photos ${ms(times.photos)}, certificates ${ms(times.certificates)}, batches ` +
        `${ms(times.batches)}, diary events ${ms(times.events)}; of generating rows and hash chains ` +
        `${ms(generateMs)} (${kind === "postgres" ? "overlapping the INSERTs, which PostgreSQL runs in its own process" : "PGlite runs in this thread: this includes the INSERTs of the previous chunk"}); ` +
        `VACUUM ANALYZE ${analyzeSeconds} s`,
    );
    console.log(`seed-catalogue: ${JSON.stringify(counts)}`);
    console.log(`seed-catalogue: total ${seconds(started)} s`);
    console.log(
      `RESULT ${JSON.stringify({
        kind,
        products: productCount,
        skipped: false,
        baseSeconds,
        loadSeconds,
        generateSeconds: Number((generateMs / 1000).toFixed(1)),
        analyzeSeconds,
        totalSeconds: seconds(started),
        counts,
      })}`,
    );
  }
} finally {
  await db.close();
}
