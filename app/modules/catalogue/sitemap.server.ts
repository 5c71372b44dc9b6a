// Sitemap data: which public URLs exist, in chunks of ≤ 50,000, streamed in keyset pages.
// Public = a listed product (`listedAt IS NOT NULL`), a producer with at least one, the home,
// search and non-empty category pages. Batch trace pages (/01/…, /t/…) are left out on purpose:
// they are reached by scanning a package's QR code, and one product's batches add nothing a
// search engine should rank.
import { createHash } from "node:crypto";
import { Prisma } from "~/generated/prisma/client";
import { OCOP_GROUPS } from "~/modules/products/product-schema";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { categoryPath } from "./categories";
import { producerPath, productPath } from "./product-links";
import {
  languageAlternates,
  normaliseOrigin,
  SITEMAP_MAX_URLS,
  SITEMAP_PAGE_SIZE,
  sitemapFileName,
  URLSET_CLOSE,
  urlElement,
  urlsetOpen,
  type ChunkedKind,
  type IndexEntry,
  type SitemapName,
  type SitemapUrl,
} from "./sitemap";

export interface SitemapOptions {
  /** URLs per file (tests use a few; the protocol allows 50,000). */
  chunkSize?: number;
  /** Rows per database round trip while streaming. */
  pageSize?: number;
}

/** Absolute URLs use APP_ORIGIN when set (behind a proxy, in printed QR codes), else the request's. */
export function publicOrigin(request: Request): string {
  return normaliseOrigin(env().APP_ORIGIN ?? request.url);
}

// ---------------------------------------------------------------------------------------------
// The index: one entry per file, each with its newest lastmod
// ---------------------------------------------------------------------------------------------

interface ChunkRow {
  chunk: number; // 0-based
  lastmod: Date | null;
}

export async function sitemapIndexEntries(options: SitemapOptions = {}): Promise<IndexEntry[]> {
  const size = options.chunkSize ?? SITEMAP_MAX_URLS;
  const [pagesLastmod, productChunks, producerChunks] = await Promise.all([
    prisma.product.aggregate({ where: { listedAt: { not: null } }, _max: { updatedAt: true } }),
    // Row numbers in id order, the same order the files stream in: chunk k holds rows
    // (k-1)·size … k·size-1. One pass over the listed products, nothing kept in Node.
    prisma.$queryRaw<ChunkRow[]>`
      SELECT (t.n / ${size}::int)::int AS "chunk", max(t."lastmod") AS "lastmod"
      FROM (SELECT row_number() OVER (ORDER BY "id") - 1 AS n, "updatedAt" AS "lastmod"
            FROM "Product" WHERE "listedAt" IS NOT NULL) t
      GROUP BY 1 ORDER BY 1`,
    prisma.$queryRaw<ChunkRow[]>`
      SELECT (t.n / ${size}::int)::int AS "chunk", max(t."lastmod") AS "lastmod"
      FROM (SELECT row_number() OVER (ORDER BY p."id") - 1 AS n, p."lastmod"
            FROM (${publicProducersSql()}) p) t
      GROUP BY 1 ORDER BY 1`,
  ]);
  return [
    { name: { kind: "pages" }, lastmod: pagesLastmod._max.updatedAt },
    ...productChunks.map((r) => ({ name: chunkName("products", r.chunk), lastmod: r.lastmod })),
    ...producerChunks.map((r) => ({ name: chunkName("producers", r.chunk), lastmod: r.lastmod })),
  ];
}

const chunkName = (kind: ChunkedKind, zeroBased: number): SitemapName => ({ kind, chunk: zeroBased + 1 });

/** Producers with at least one listed product; their page changes with those products too. */
function publicProducersSql() {
  return Prisma.sql`
    SELECT pd."id", pd."slug", GREATEST(pd."updatedAt", max(pr."updatedAt")) AS "lastmod"
    FROM "Producer" pd JOIN "Product" pr ON pr."producerId" = pd."id" AND pr."listedAt" IS NOT NULL
    GROUP BY pd."id"`;
}

// ---------------------------------------------------------------------------------------------
// One file
// ---------------------------------------------------------------------------------------------

export interface SitemapFile {
  body: ReadableStream<Uint8Array>;
  lastModified: Date | null;
  /** Weak validator from the file's extent (count, newest change, first and last id). */
  etag: string;
}

interface ChunkExtent {
  count: number;
  lastmod: Date | null;
  firstId: string | null;
  lastId: string | null;
}

/** The file, or null when it does not exist (unknown chunk, or past the last one). */
export async function sitemapFile(
  origin: string,
  name: SitemapName,
  options: SitemapOptions = {},
): Promise<SitemapFile | null> {
  const base = normaliseOrigin(origin);
  if (name.kind === "pages") {
    const urls = await staticPages(base);
    const lastmods = urls.map((u) => u.lastmod?.getTime() ?? 0);
    const lastModified = urls.length ? new Date(Math.max(...lastmods)) : null;
    return {
      body: streamUrlset(
        (async function* () {
          yield urls;
        })(),
      ),
      lastModified: lastModified?.getTime() ? lastModified : null,
      etag: weakEtag([base, "pages", ...urls.map((u) => `${u.loc} ${u.lastmod?.getTime() ?? ""}`)]),
    };
  }

  const size = options.chunkSize ?? SITEMAP_MAX_URLS;
  const pageSize = options.pageSize ?? SITEMAP_PAGE_SIZE;
  const extent = await chunkExtent(name.kind, (name.chunk - 1) * size, size);
  if (!extent.count || !extent.firstId || !extent.lastId) return null;
  const range = { firstId: extent.firstId, lastId: extent.lastId };
  const pages =
    name.kind === "products"
      ? productPages(base, range, size, pageSize)
      : producerPages(base, range, size, pageSize);
  return {
    body: streamUrlset(pages),
    lastModified: extent.lastmod,
    etag: weakEtag([
      base,
      sitemapFileName(name),
      String(extent.count),
      String(extent.lastmod?.getTime()),
      extent.firstId,
      extent.lastId,
    ]),
  };
}

async function chunkExtent(kind: ChunkedKind, offset: number, size: number): Promise<ChunkExtent> {
  const rows =
    kind === "products"
      ? Prisma.sql`SELECT "id", "updatedAt" AS "lastmod" FROM "Product" WHERE "listedAt" IS NOT NULL`
      : Prisma.sql`SELECT "id", "lastmod" FROM (${publicProducersSql()}) p`;
  const [extent] = await prisma.$queryRaw<ChunkExtent[]>`
    WITH chunk AS (${rows} ORDER BY "id" OFFSET ${offset}::int LIMIT ${size}::int)
    SELECT count(*)::int AS "count", max("lastmod") AS "lastmod",
           (SELECT "id"::text FROM chunk ORDER BY "id" LIMIT 1) AS "firstId",
           (SELECT "id"::text FROM chunk ORDER BY "id" DESC LIMIT 1) AS "lastId"
    FROM chunk`;
  return extent ?? { count: 0, lastmod: null, firstId: null, lastId: null };
}

interface IdRange {
  firstId: string;
  lastId: string;
}

/**
 * Listed products with firstId ≤ id ≤ lastId, `pageSize` at a time (keyset on the primary key),
 * at most `cap` in all (a product listed meanwhile inside the range must not push the file past
 * the limit).
 */
async function* productPages(
  base: string,
  range: IdRange,
  cap: number,
  pageSize: number,
): AsyncGenerator<SitemapUrl[]> {
  let cursor: string | null = null;
  for (let emitted = 0; emitted < cap;) {
    const take = Math.min(pageSize, cap - emitted);
    const rows: { id: string; slug: string; updatedAt: Date }[] = await prisma.product.findMany({
      where: {
        listedAt: { not: null },
        id: cursor ? { gt: cursor, lte: range.lastId } : { gte: range.firstId, lte: range.lastId },
      },
      orderBy: { id: "asc" },
      take,
      select: { id: true, slug: true, updatedAt: true },
    });
    if (!rows.length) return;
    emitted += rows.length;
    cursor = rows[rows.length - 1]!.id;
    yield rows.map((row) => {
      const loc = base + productPath(row.slug);
      return { loc, lastmod: row.updatedAt, alternates: languageAlternates(loc) };
    });
    if (rows.length < take) return;
  }
}

async function* producerPages(
  base: string,
  range: IdRange,
  cap: number,
  pageSize: number,
): AsyncGenerator<SitemapUrl[]> {
  let cursor: string | null = null;
  for (let emitted = 0; emitted < cap;) {
    const take = Math.min(pageSize, cap - emitted);
    const after: Prisma.Sql = cursor
      ? Prisma.sql`pd."id" > ${cursor}::uuid`
      : Prisma.sql`pd."id" >= ${range.firstId}::uuid`;
    const rows: { id: string; slug: string; lastmod: Date }[] = await prisma.$queryRaw`
      SELECT pd."id"::text AS "id", pd."slug", GREATEST(pd."updatedAt", max(pr."updatedAt")) AS "lastmod"
      FROM "Producer" pd JOIN "Product" pr ON pr."producerId" = pd."id" AND pr."listedAt" IS NOT NULL
      WHERE ${after} AND pd."id" <= ${range.lastId}::uuid
      GROUP BY pd."id" ORDER BY pd."id" LIMIT ${take}::int`;
    if (!rows.length) return;
    emitted += rows.length;
    cursor = rows[rows.length - 1]!.id;
    yield rows.map((row) => ({ loc: base + producerPath(row.slug), lastmod: row.lastmod }));
    if (rows.length < take) return;
  }
}

/** Home, search, and each OCOP group that has listed products (an empty category is thin content). */
async function staticPages(base: string): Promise<SitemapUrl[]> {
  const groups = await prisma.product.groupBy({
    by: ["ocopGroup"],
    where: { listedAt: { not: null } },
    _max: { updatedAt: true },
  });
  const newest = groups.reduce<Date | null>(
    (max, g) => (g._max.updatedAt && (!max || g._max.updatedAt > max) ? g._max.updatedAt : max),
    null,
  );
  const order: readonly string[] = OCOP_GROUPS;
  return [
    { loc: `${base}/`, lastmod: newest },
    { loc: `${base}/tim-kiem`, lastmod: newest },
    ...groups
      .sort((a, b) => order.indexOf(a.ocopGroup) - order.indexOf(b.ocopGroup))
      .map((g) => ({ loc: base + categoryPath(g.ocopGroup), lastmod: g._max.updatedAt })),
  ];
}

/**
 * `<urlset>` text fed by `pages`, one database page per chunk of output: pulled only as fast as
 * the client reads, so a 50,000-URL file never sits in memory.
 */
export function streamUrlset(pages: AsyncIterable<SitemapUrl[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(urlsetOpen()));
    },
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) {
        controller.enqueue(encoder.encode(URLSET_CLOSE));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(next.value.map(urlElement).join("")));
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
}

function weakEtag(parts: readonly string[]): string {
  return `W/"${createHash("sha256").update(parts.join("\n")).digest("base64url").slice(0, 27)}"`;
}
