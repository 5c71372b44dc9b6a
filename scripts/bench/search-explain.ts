// Catalogue search sanity check: `npx tsx scripts/bench/search-explain.ts [--products 20000]`
//
// Builds a throwaway PostgreSQL database (TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432),
// migrates it, loads the administrative units and a synthetic catalogue (set-based inserts: one
// jsonb_to_recordset statement per 5,000 rows), ANALYZEs, then for typical searches prints
//   - EXPLAIN (ANALYZE, BUFFERS) of the page query and of the facets query (plan shape: which
//     indexes are used, and execution times), and
//   - the wall time of searchCatalogue() itself, median and p95 of --runs runs, with the facet
//     caches cold (every run recomputes the counts, the browse cube included) and warm (a repeated
//     search, or another browse answered from the cube).
// Flags: --products N, --runs N, --plans (print whole plans), --only <label part>, --keep (leave
// the database), --reuse <name> (a kept database: skip the load).
// The database is dropped at the end. The full 100,000-product, 50-connection benchmark is a
// separate script; this one checks the design (indexes used, one search well under 50 ms).
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { postgresDatabase, type Database } from "~/utils/db.server";
import { migrate, readMigrations } from "~/utils/migrations.server";
import { seedAdminUnits } from "../../prisma/seed/admin-units";
import { clearFacetCache, searchCatalogue } from "~/modules/catalogue/search.server";
import {
  combinedSql,
  cubeSql,
  facetsSql,
  pageSql,
  WORD_SIMILARITY_THRESHOLD,
} from "~/modules/catalogue/search-sql";
import { type CatalogueQuery, parseCatalogueQuery } from "~/modules/catalogue/search-params";
import { createPostgresDatabase, databaseUrl, dropPostgresDatabase } from "../../test/support/postgres";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const PRODUCTS = flag("products", 20_000);
const RUNS = flag("runs", 30);
const PRODUCERS = Math.max(10, Math.round(PRODUCTS / 12));
const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

// ---------------------------------------------------------------------------------------------
// A deterministic synthetic catalogue.

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

const FAMILIES: Record<string, readonly string[]> = {
  FOOD: [
    "Gạo ST25",
    "Mật ong hoa cà phê",
    "Mật ong bạc hà",
    "Nước mắm cá cơm",
    "Sầu riêng Ri6",
    "Bưởi da xanh",
    "Xoài cát Hòa Lộc",
    "Hạt điều rang muối",
    "Tiêu đen",
    "Măng khô",
    "Miến dong",
    "Chả cá",
    "Nem chua",
    "Bánh tráng",
    "Mắc ca sấy",
    "Hạt dẻ",
    "Vải thiều",
    "Nhãn lồng",
    "Thanh long ruột đỏ",
    "Tôm khô",
    "Mực một nắng",
    "Kẹo dừa",
    "Tương ớt",
    "Hành tím",
    "Tỏi cô đơn",
    "Cam sành",
    "Chôm chôm",
    "Khô bò",
  ],
  BEVERAGE: [
    "Cà phê Robusta rang mộc",
    "Cà phê Arabica",
    "Cà phê hạt Culi",
    "Trà xanh",
    "Trà Shan tuyết",
    "Rượu cần",
    "Rượu ngô",
    "Nước cốt chanh leo",
    "Trà atiso",
    "Cacao nguyên chất",
    "Trà sen",
  ],
  HERBAL: [
    "Tam thất bắc",
    "Sâm Ngọc Linh",
    "Đông trùng hạ thảo",
    "Cao atiso",
    "Nấm linh chi",
    "Tinh dầu sả chanh",
    "Cà gai leo",
  ],
  HANDICRAFT: [
    "Gốm men lam",
    "Mây tre đan",
    "Thổ cẩm",
    "Nón lá",
    "Chiếu cói",
    "Tranh Đông Hồ",
    "Lụa tơ tằm",
    "Đồ gỗ mỹ nghệ",
  ],
  ORNAMENTAL: ["Lan hồ điệp", "Bonsai sam hương", "Mai vàng", "Cá Koi"],
  TOURISM: ["Homestay bản", "Tour trải nghiệm làm gốm", "Du lịch cộng đồng"],
};
const GROUP_WEIGHTS: [string, number][] = [
  ["FOOD", 55],
  ["BEVERAGE", 20],
  ["HERBAL", 10],
  ["HANDICRAFT", 10],
  ["ORNAMENTAL", 3],
  ["TOURISM", 2],
];
const QUALIFIERS = [
  "",
  "",
  "loại 1",
  "đặc biệt",
  "hữu cơ",
  "truyền thống",
  "cao cấp",
  "sấy lạnh",
  "hộp quà",
  "nguyên chất",
];
const TRADES = ["Nông sản", "Đặc sản", "Nông nghiệp", "Sản xuất và Thương mại", "Dịch vụ"];
const KINDS = ["COOPERATIVE", "COOPERATIVE_GROUP", "HOUSEHOLD_BUSINESS", "COMPANY"] as const;
const KIND_NAMES = {
  COOPERATIVE: "Hợp tác xã",
  COOPERATIVE_GROUP: "Tổ hợp tác",
  HOUSEHOLD_BUSINESS: "Hộ kinh doanh",
  COMPANY: "Công ty TNHH",
};

async function insertRows(db: Database, table: string, columns: Record<string, string>, rows: object[]) {
  const names = Object.keys(columns);
  const record = names.map((n) => `"${n}" ${columns[n]}`).join(", ");
  for (let i = 0; i < rows.length; i += 5000) {
    await db.sql.query(
      `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")})
       SELECT ${names.map((n) => `v."${n}"`).join(", ")} FROM jsonb_to_recordset($1::jsonb) AS v(${record})`,
      [JSON.stringify(rows.slice(i, i + 5000))],
    );
  }
}

async function load(db: Database) {
  const random = prng(20261201);
  await seedAdminUnits(db.prisma);
  const communes = await db.sql.query<{ code: string; name: string; provinceCode: string }>(
    `SELECT "code", "name", "provinceCode" FROM "Commune" ORDER BY "code"`,
  );
  const admin = randomUUID();
  await db.sql.query(
    `INSERT INTO "User" ("id", "email", "name", "passwordHash", "role", "updatedAt")
     VALUES ($1, 'bench@example.test', 'Bench', 'x', 'ADMIN', now())`,
    [admin],
  );

  const producers = Array.from({ length: PRODUCERS }, (_, i) => {
    const commune = random.pick(communes);
    const kind = random.pick(KINDS);
    return {
      id: randomUUID(),
      slug: `bench-producer-${i}`,
      kind,
      name: `${KIND_NAMES[kind]} ${random.pick(TRADES)} ${commune.name} ${i}`,
      provinceCode: commune.provinceCode,
      communeCode: commune.code,
      commune: commune.name,
    };
  });
  await insertRows(
    db,
    "Producer",
    {
      id: "uuid",
      slug: "text",
      kind: `"ProducerKind"`,
      name: "text",
      provinceCode: "text",
      communeCode: "text",
      updatedAt: "timestamptz",
    },
    producers.map(({ commune: _c, ...p }) => ({ ...p, updatedAt: new Date().toISOString() })),
  );

  const start = Date.now() - 400 * 86_400_000;
  const products = Array.from({ length: PRODUCTS }, (_, i) => {
    const producer = random.pick(producers);
    const roll = random.next() * 100;
    let acc = 0;
    const group = GROUP_WEIGHTS.find(([, w]) => (acc += w) > roll)![0];
    const base = random.pick(FAMILIES[group]!);
    const qualifier = random.pick(QUALIFIERS);
    const name = [base, qualifier, producer.commune].filter(Boolean).join(" ");
    const starsRoll = random.next();
    const stars = starsRoll < 0.3 ? null : starsRoll < 0.7 ? 3 : starsRoll < 0.95 ? 4 : 5;
    const listed = random.next() < 0.92;
    const at = new Date(start + random.int(0, 400 * 86_400_000)).toISOString();
    return {
      id: randomUUID(),
      publicId: `B${String(i).padStart(9, "0")}`,
      slug: `bench-${i}`,
      producerId: producer.id,
      name,
      ocopGroup: group,
      ocopStars: stars,
      unit: "gói 500 g",
      priceVnd: random.int(2, 200) * 5_000,
      stock: random.next() < 0.85 ? random.int(1, 500) : 0,
      status: listed ? "APPROVED" : "DRAFT",
      listedAt: listed ? at : null,
      createdAt: at,
      updatedAt: at,
      category: group === "FOOD" ? "Đặc sản" : null,
    };
  });
  await insertRows(
    db,
    "Product",
    {
      id: "uuid",
      publicId: "text",
      slug: "text",
      producerId: "uuid",
      name: "text",
      ocopGroup: `"OcopGroup"`,
      ocopStars: "smallint",
      unit: "text",
      priceVnd: "int",
      stock: "int",
      status: `"ProductStatus"`,
      listedAt: "timestamptz",
      createdAt: "timestamptz",
      updatedAt: "timestamptz",
      category: "text",
    },
    products,
  );

  const certificates: object[] = [];
  for (const p of products) {
    const cert = (
      kind: string,
      issuedOn: string,
      expiresOn: string | null,
      productId: string | null = p.id,
    ) => ({
      id: randomUUID(),
      producerId: p.producerId,
      productId,
      kind,
      number: `${certificates.length}/QĐ`,
      issuer: "UBND tỉnh",
      ocopStars: kind === "OCOP" ? p.ocopStars : null,
      issuedOn,
      expiresOn,
      createdById: admin,
      updatedAt: new Date().toISOString(),
    });
    if (p.ocopStars) certificates.push(cert("OCOP", "2025-03-15", "2028-03-15"));
    if (random.next() < 0.2)
      certificates.push(cert("VIETGAP", "2025-06-01", random.next() < 0.8 ? "2027-06-01" : "2026-01-01"));
    if (random.next() < 0.05) certificates.push(cert("ORGANIC", "2025-01-01", "2027-12-31"));
  }
  for (const pr of producers.filter(() => random.next() < 0.05)) {
    certificates.push({
      id: randomUUID(),
      producerId: pr.id,
      productId: null,
      kind: "PHC",
      number: `PHC-${pr.slug}`,
      issuer: "Cục BVTV",
      ocopStars: null,
      issuedOn: "2025-01-01",
      expiresOn: null,
      createdById: admin,
      updatedAt: new Date().toISOString(),
    });
  }
  await insertRows(
    db,
    "Certificate",
    {
      id: "uuid",
      producerId: "uuid",
      productId: "uuid",
      kind: `"CertificateKind"`,
      number: "text",
      issuer: "text",
      ocopStars: "smallint",
      issuedOn: "date",
      expiresOn: "date",
      createdById: "uuid",
      updatedAt: "timestamptz",
    },
    certificates,
  );
  await db.sql.exec("VACUUM ANALYZE");
  return { producers: producers.length, products: products.length, certificates: certificates.length };
}

// ---------------------------------------------------------------------------------------------

const CASES: [string, string][] = [
  ["words, broad", "q=ca+phe"],
  ["words, multi", "q=mat+ong+hoa+ca+phe"],
  ["diacritics", "q=Nước+mắm+cá+cơm"],
  ["typo", "q=ca+phe+robuta"],
  ["word + province name", "q=tra+shan+tuyet+ha+giang"],
  ["words + filters", "q=ca+phe&province=68&stars=4"],
  ["words, price sort", "q=sau+rieng&sort=price-asc"],
  ["one short word", "q=tra"],
  ["browse all", ""],
  ["browse, province", "province=68"],
  ["category, price sort", "group=FOOD&sort=price-asc"],
  ["cert + stock", "cert=VIETGAP&stock=1&sort=newest"],
  ["browse, price range", "min=50000&max=150000&sort=price-desc"],
];

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}

async function explain(db: Database, label: string, text: string, values: unknown[], fuzzy: boolean) {
  const rows = await db.sql.transaction(async (tx) => {
    if (fuzzy) await tx.exec(`SET LOCAL pg_trgm.word_similarity_threshold = ${WORD_SIMILARITY_THRESHOLD}`);
    return tx.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${text}`, values);
  });
  const lines = rows.map((r) => r["QUERY PLAN"]);
  const indexes = [
    ...new Set(
      lines.flatMap((l) =>
        [...l.matchAll(/(?:Index (?:Only )?Scan(?: Backward)? using|Bitmap Index Scan on) "?(\w+)"?/g)].map(
          (m) => m[1],
        ),
      ),
    ),
  ];
  const seqScans = [
    ...new Set(lines.flatMap((l) => [...l.matchAll(/Seq Scan on "?(\w+)"?/g)].map((m) => m[1]))),
  ];
  const time = (name: string) => lines.find((l) => l.startsWith(name))?.replace(/^.*: /, "") ?? "?";
  console.log(
    `    ${label}: planning ${time("Planning Time")}, execution ${time("Execution Time")}; indexes: ${indexes.join(", ") || "none"}${seqScans.length ? `; seq scans: ${seqScans.join(", ")}` : ""}`,
  );
  if (args.includes("--plans")) console.log(lines.map((l) => `      ${l}`).join("\n"));
}

// --keep leaves the database for another run: --reuse <name> skips the load.
const reuse = args.includes("--reuse") ? args[args.indexOf("--reuse") + 1] : undefined;
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;

async function main() {
  const name = reuse ?? `ocop_search_explain_${Date.now().toString(36)}`;
  if (!reuse) await createPostgresDatabase(serverUrl, name, "template0");
  const db = postgresDatabase(databaseUrl(serverUrl, name));
  globalThis.__ocopDatabase = db;
  try {
    const t0 = performance.now();
    const loaded = reuse
      ? { products: PRODUCTS, producers: PRODUCERS, certificates: 0 }
      : (await migrate(db.sql, await readMigrations()), await load(db));
    const [{ listed }] = (await db.sql.query<{ listed: number }>(
      `SELECT count(*)::int AS listed FROM "Product" WHERE "listedAt" IS NOT NULL`,
    )) as [{ listed: number }];
    console.log(
      `Loaded ${loaded.products} products (${listed} listed), ${loaded.producers} producers, ${loaded.certificates} certificates in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    for (const [label, search] of CASES.filter(([l]) => !only || l.includes(only))) {
      const query: CatalogueQuery = parseCatalogueQuery(new URLSearchParams(search));
      const words = Boolean(query.q);
      // Warm the connections (each backend loads pg_trgm and the unaccent rules once).
      for (let i = 0; i < 12; i++) await searchCatalogue(query);
      const cold: number[] = [];
      const warm: number[] = [];
      let result = await searchCatalogue(query);
      for (let i = 0; i < RUNS; i++) {
        clearFacetCache();
        let t = performance.now();
        result = await searchCatalogue(query);
        cold.push(performance.now() - t);
        t = performance.now();
        await searchCatalogue(query);
        warm.push(performance.now() - t);
      }
      const c = stats(cold);
      const w = stats(warm);
      console.log(
        `${label} (${search || "no parameters"}): ${result.total} results, top: ${result.items
          .slice(0, 3)
          .map((i) => i.name)
          .join(" | ")}`,
      );
      console.log(
        `    searchCatalogue: facets computed ${c.median.toFixed(1)} ms median / ${c.p95.toFixed(1)} ms p95; facets cached ${w.median.toFixed(1)} / ${w.p95.toFixed(1)} ms`,
      );
      const mode = result.approximate ? "fuzzy" : "exact";
      const fuzzy = mode === "fuzzy";
      if (words) {
        const combined = combinedSql(query, {}, mode);
        await explain(db, `page + facets (${mode} words, uncached)`, combined.text, combined.values, fuzzy);
      }
      const page = pageSql(query, {}, mode);
      await explain(db, words ? "page alone (facets cached)" : "page", page.text, page.values, fuzzy);
      if (!words && query.min === undefined && query.max === undefined) {
        const cube = cubeSql();
        await explain(db, "facet cube (once per catalogue change)", cube.text, cube.values, false);
      } else if (!words) {
        const facets = facetsSql(query, {}, mode);
        await explain(db, "facets (uncached)", facets.text, facets.values, fuzzy);
      }
    }
  } finally {
    globalThis.__ocopDatabase = undefined;
    await db.close();
    if (args.includes("--keep") || reuse) console.log(`Kept database ${name}`);
    else await dropPostgresDatabase(serverUrl, name);
  }
}

await main();
