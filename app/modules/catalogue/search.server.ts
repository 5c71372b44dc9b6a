// Catalogue search: listed products matched by the words of a query with or without Vietnamese
// accents and with typos, filtered, sorted, paged by keyset, with facet counts. Same SQL on PGlite
// and PostgreSQL (search-sql.ts; migration 20261201020000_catalogue_search).
//
// Matching. `Product.searchText` holds the unaccented, lower-case name, category, producer, commune
// and province (kept by triggers), under a GIN trigram index over listed products. First pass:
// every word of the query must start a word of it (a regular expression the index serves). Only
// when that finds nothing at all: the typo-tolerant pass, every word similar to a word of it
// (pg_trgm word similarity over a threshold set for one transaction with SET LOCAL); the results
// say they are approximate.
//
// Relevance. How many of the words are found in the name (a typo counts its similarity), a bonus
// when the name starts with or contains the whole query (less when only the producer or place
// does), shorter names closer to the query first, OCOP stars to break ties. Rounded to 6 decimals,
// it is the relevance order's keyset key.
//
// Facets. Province (and commune, once a province is chosen), group, stars, certificate and stock
// counts for the current query, each with its own filter left out, from one statement over the
// matched rows, in the same statement as the page when there are words (they are matched once);
// cached in memory per query, keyed on the catalogue's change clock (a sequence that every write to
// products, producers, certificates, photos and places moves), so a repeated search or its next
// page pays for its page only.
import type { OcopGroup } from "~/generated/prisma/enums";
import type { CertificateKind } from "~/modules/certificates/status";
import { CERTIFICATE_KINDS } from "~/modules/certificates/status";
import { OCOP_GROUPS } from "~/modules/products/product-schema";
import { vnDateOf } from "~/modules/traceability/vn-time";
import { database, type SqlClient } from "~/utils/db.server";
import { type CursorOrder, encodeCursor } from "./cursor";
import { type CatalogueQuery, effectiveSort, PAGE_SIZE, queryTokens, STAR_LEVELS } from "./search-params";
import { type CubeRow, type FacetRow, facetRowsFromCube } from "./facet-cube";
import {
  combinedSql,
  cubeSql,
  facetsSql,
  kindsOfMask,
  type MatchMode,
  pageSql,
  type SqlOptions,
  WORD_SIMILARITY_THRESHOLD,
} from "./search-sql";

export type { MatchMode };

export interface CatalogueCard {
  id: string;
  slug: string;
  name: string;
  priceVnd: number;
  unit: string;
  ocopStars: number | null;
  stock: number;
  producer: { name: string; slug: string; province: { name: string } };
  photos: { hash: string; width: number; height: number; alt: string }[];
}

export interface FacetCount<K extends string = string> {
  key: K;
  /** Province or commune name (empty for other facets). */
  label: string;
  count: number;
}

export interface Facets {
  province: FacetCount[];
  /** Only when a province is chosen: its communes that have results. */
  commune: FacetCount[];
  group: FacetCount<OcopGroup>[];
  /** Products with at least 3, 4, 5 stars. */
  stars: FacetCount<"3" | "4" | "5">[];
  cert: FacetCount<CertificateKind>[];
  /** Products in stock (the other filters applied). */
  inStock: number;
}

export interface SearchResult {
  items: CatalogueCard[];
  /** Cursor of the next page, or null on the last one. */
  next: string | null;
  /** Products matching the query and every filter. */
  total: number;
  facets: Facets | null;
  /** The words matched (lower-case, as typed). */
  tokens: string[];
  /** No listed product has these words exactly: these results tolerate typos. */
  approximate: boolean;
  /** When the catalogue last changed (the change clock): the pages' Last-Modified. */
  lastModified: Date;
}

export interface SearchOptions extends SqlOptions {
  /** Facet counts too (default true). */
  facets?: boolean;
}

// ---------------------------------------------------------------------------------------------

interface PageRow {
  clock: string;
  id: string | null;
  k0: unknown;
  k1: unknown;
  slug: string;
  name: string;
  priceVnd: number;
  unit: string;
  ocopStars: number | null;
  stock: number;
  producerName: string;
  producerSlug: string;
  provinceName: string;
  hash: string | null;
  width: number | null;
  height: number | null;
  alt: string | null;
}

const iso = (value: unknown) => (value instanceof Date ? value : new Date(String(value))).toISOString();

function cursorOf(order: CursorOrder, row: PageRow): string {
  const id = row.id!;
  switch (order) {
    case "relevance":
      return encodeCursor({ order, score: String(row.k0), id });
    case "price-asc":
    case "price-desc":
      return encodeCursor({ order, price: Number(row.k0), id });
    case "newest":
      return encodeCursor({ order, listedAt: iso(row.k0), id });
    case "stars":
      return encodeCursor({ order, stars: Number(row.k0), listedAt: iso(row.k1), id });
  }
}

function toCard(row: PageRow): CatalogueCard {
  return {
    id: row.id!,
    slug: row.slug,
    name: row.name,
    priceVnd: row.priceVnd,
    unit: row.unit,
    ocopStars: row.ocopStars,
    stock: row.stock,
    producer: { name: row.producerName, slug: row.producerSlug, province: { name: row.provinceName } },
    photos: row.hash ? [{ hash: row.hash, width: row.width!, height: row.height!, alt: row.alt ?? "" }] : [],
  };
}

function toFacets(rows: FacetRow[]): Facets {
  const of = (facet: FacetRow["facet"]) => rows.filter((r) => r.facet === facet);
  const byCountThenLabel = (a: FacetCount, b: FacetCount) =>
    b.count - a.count || a.label.localeCompare(b.label, "vi");
  const stars = new Map(of("stars").map((r) => [Number(r.key), r.n]));
  const group = new Map(of("group").map((r) => [r.key, r.n]));
  const cert = new Map(of("cert").map((r) => [r.key, r.n]));
  return {
    province: of("province")
      .map((r) => ({ key: r.key, label: r.label, count: r.n }))
      .sort(byCountThenLabel),
    commune: of("commune")
      .map((r) => ({ key: r.key, label: r.label, count: r.n }))
      .sort(byCountThenLabel),
    group: OCOP_GROUPS.map((g) => ({ key: g, label: "", count: group.get(g) ?? 0 })),
    stars: STAR_LEVELS.map((level) => ({
      key: String(level) as "3" | "4" | "5",
      label: "",
      count: [...stars].filter(([s]) => s >= level).reduce((sum, [, n]) => sum + n, 0),
    })),
    cert: CERTIFICATE_KINDS.map((k) => ({ key: k, label: "", count: cert.get(k) ?? 0 })),
    inStock: of("stock").find((r) => r.key === "true")?.n ?? 0,
  };
}

/** Products matching the query and every filter: the group facet leaves only its own filter out. */
function totalOf(facets: Facets, query: CatalogueQuery): number {
  return query.group
    ? (facets.group.find((g) => g.key === query.group)?.count ?? 0)
    : facets.group.reduce((sum, g) => sum + g.count, 0);
}

// ---------------------------------------------------------------------------------------------
// Facet cache: per process, bounded, keyed on everything the counts depend on, valid while the
// change clock has not moved (and at most FACET_TTL_MS, which bounds what a change committed
// while counts were being read could leave stale). It also remembers whether the words matched
// exactly, so the next page (or the same search again) goes straight to the right pass.

const FACET_TTL_MS = 60_000;
const FACET_CACHE_SIZE = 500;

interface CacheEntry {
  clock: string;
  at: number;
  facets: Facets;
  mode: MatchMode;
}
const facetCache = new Map<string, CacheEntry>();

function facetKey(query: CatalogueQuery, options: SearchOptions, tokens: string[]): string {
  return JSON.stringify([
    tokens,
    query.province,
    query.commune,
    query.group,
    query.stars,
    query.cert,
    query.min,
    query.max,
    query.stock,
    options.producerId,
    vnDateOf(options.now ?? new Date()),
  ]);
}

const isFresh = (entry: CacheEntry | undefined, clock: string): entry is CacheEntry =>
  !!entry && entry.clock === clock && Date.now() - entry.at < FACET_TTL_MS;

function remember(key: string, entry: CacheEntry) {
  facetCache.delete(key); // most recently used last
  facetCache.set(key, entry);
  if (facetCache.size > FACET_CACHE_SIZE) facetCache.delete(facetCache.keys().next().value!);
}

/** Forgets every cached facet count (benchmarks measure the uncached path with it). */
export function clearFacetCache(): void {
  facetCache.clear();
  cubes.clear();
}

// ---------------------------------------------------------------------------------------------

interface Attempt {
  clock: string;
  /** Page rows, one more than a page when there is a next one. */
  rows: PageRow[];
  facets: Facets | null;
  /** Products the words matched before any facet filter (combined statement only). */
  matched?: number;
}

async function runPage(sql: SqlClient, query: CatalogueQuery, options: SearchOptions, mode: MatchMode) {
  const { text, values } = pageSql(query, options, mode);
  const all = await sql.query<PageRow>(text, values);
  return { clock: all[0]!.clock, rows: all.filter((r) => r.id !== null) };
}

async function runFacets(
  sql: SqlClient,
  query: CatalogueQuery,
  options: SearchOptions,
  mode: MatchMode,
  clock: string,
) {
  // Browsing without words, price or producer: from the cubes, whatever the filters.
  const browse =
    !queryTokens(query.q).length && query.min === undefined && query.max === undefined && !options.producerId;
  if (browse && !(query.commune && !query.province)) {
    const all = facetRowsFromCube(await facetCube(sql, clock, options), query);
    if (!query.province) return toFacets(all);
    // Within a province: its own cube (by commune) counts every facet but the provinces.
    const local = facetRowsFromCube(await facetCube(sql, clock, options, query.province), query);
    return toFacets([
      ...all.filter((r) => r.facet === "province"),
      ...local.filter((r) => r.facet !== "province"),
    ]);
  }
  const { text, values } = facetsSql(query, options, mode);
  return toFacets(await sql.query<FacetRow>(text, values));
}

// The cubes (facet-cube.ts): the whole catalogue's, and per province by commune; rebuilt when the
// clock moves; requests arriving while one is being built wait for that build.
const CUBE_CACHE_SIZE = 40;
const cubes = new Map<string, { at: number; rows: Promise<CubeRow[]> }>();

function facetCube(
  sql: SqlClient,
  clock: string,
  options: SearchOptions,
  province?: string,
): Promise<CubeRow[]> {
  const key = `${clock}|${vnDateOf(options.now ?? new Date())}|${province ?? ""}`;
  const known = cubes.get(key);
  if (known && Date.now() - known.at < FACET_TTL_MS) return known.rows;
  const { text, values } = cubeSql({ now: options.now, province });
  const rows = sql
    .query<Omit<CubeRow, "kinds"> & { mask: number }>(text, values)
    .then((found) => found.map(({ mask, ...row }) => ({ ...row, kinds: kindsOfMask(mask) })));
  const entry = { at: Date.now(), rows };
  cubes.delete(key);
  cubes.set(key, entry);
  if (cubes.size > CUBE_CACHE_SIZE) cubes.delete(cubes.keys().next().value!);
  entry.rows.catch(() => {
    if (cubes.get(key) === entry) cubes.delete(key);
  });
  return entry.rows;
}

async function runCombined(
  sql: SqlClient,
  query: CatalogueQuery,
  options: SearchOptions,
  mode: MatchMode,
): Promise<Attempt> {
  const { text, values } = combinedSql(query, options, mode);
  const [row] = await sql.query<{ clock: string; items: PageRow[]; facets: FacetRow[]; matched: number }>(
    text,
    values,
  );
  return { clock: row!.clock, rows: row!.items, facets: toFacets(row!.facets), matched: row!.matched };
}

/** Runs `fn` in the mode's setting: a fuzzy pass needs the trigram threshold, set for one transaction. */
function inMode<T>(mode: MatchMode, fn: (sql: SqlClient) => Promise<T>): Promise<T> {
  const sql = database().sql;
  if (mode === "exact") return fn(sql);
  return sql.transaction(async (tx) => {
    await tx.exec(`SET LOCAL pg_trgm.word_similarity_threshold = ${WORD_SIMILARITY_THRESHOLD}`);
    return fn(tx);
  });
}

/** One page of the catalogue for a query. Never throws on what a URL can hold. */
export async function searchCatalogue(
  query: CatalogueQuery,
  options: SearchOptions = {},
): Promise<SearchResult> {
  const tokens = queryTokens(query.q);
  const wantFacets = options.facets !== false;
  const key = facetKey(query, options, tokens);
  const known = facetCache.get(key);
  // Without words: the page straight from an index, the counts (cached) apart.
  let mode: MatchMode = tokens.length && known ? known.mode : "exact";
  for (;;) {
    const attempt = await inMode(mode, async (sql): Promise<Attempt> => {
      if (!tokens.length || !wantFacets || known?.mode === mode) {
        const page = await runPage(sql, query, options, mode);
        if (!wantFacets) return { ...page, facets: null };
        const facets = isFresh(known, page.clock)
          ? known.facets
          : await runFacets(sql, query, options, mode, page.clock);
        return { ...page, facets };
      }
      return runCombined(sql, query, options, mode);
    });
    // Words that start no word of any listed product: try again, tolerating typos.
    const nothing = attempt.matched !== undefined ? attempt.matched === 0 : attempt.rows.length === 0;
    if (tokens.length && mode === "exact" && nothing && !query.after && known?.mode !== "exact") {
      mode = "fuzzy";
      continue;
    }
    if (attempt.facets) remember(key, { clock: attempt.clock, at: Date.now(), facets: attempt.facets, mode });
    return toResult(query, options, attempt, tokens, mode);
  }
}

function toResult(
  query: CatalogueQuery,
  options: SearchOptions,
  attempt: Attempt,
  tokens: string[],
  mode: MatchMode,
): SearchResult {
  const size = options.pageSize ?? PAGE_SIZE;
  const visible = attempt.rows.slice(0, size);
  const last = visible.at(-1);
  const order: CursorOrder = effectiveSort(query);
  return {
    items: visible.map(toCard),
    next: attempt.rows.length > size && last ? cursorOf(order, last) : null,
    total: attempt.facets ? totalOf(attempt.facets, query) : visible.length,
    facets: attempt.facets,
    tokens,
    approximate: tokens.length > 0 && mode === "fuzzy",
    lastModified: clockDate(attempt.clock),
  };
}

/** Facet counts alone (the home page's provinces and groups): cached like a search's. */
export async function catalogueFacets(options: SearchOptions = {}) {
  const query: CatalogueQuery = { sort: "relevance" };
  const key = facetKey(query, options, []);
  const sql = database().sql;
  const clock = await catalogueClock(sql);
  const known = facetCache.get(key);
  const facets = isFresh(known, clock) ? known.facets : await runFacets(sql, query, options, "exact", clock);
  remember(key, { clock, at: Date.now(), facets, mode: "exact" });
  return { facets, total: totalOf(facets, query), lastModified: clockDate(clock) };
}

async function catalogueClock(sql: SqlClient): Promise<string> {
  const [row] = await sql.query<{ clock: string }>(
    `SELECT "last_value"::text AS "clock" FROM "catalogue_clock"`,
  );
  return row!.clock;
}

/** The clock counts milliseconds since 1970. */
function clockDate(clock: string): Date {
  return new Date(Number(clock));
}

/**
 * A commune chosen without its province gets it; a commune of another province than the one chosen
 * (the visitor changed the province) or an unknown one is dropped.
 */
export async function withConsistentPlace(query: CatalogueQuery): Promise<CatalogueQuery> {
  if (!query.commune) return query;
  const [commune] = await database().sql.query<{ provinceCode: string }>(
    `SELECT "provinceCode" FROM "Commune" WHERE "code" = $1`,
    [query.commune],
  );
  if (!commune || (query.province && commune.provinceCode !== query.province)) {
    const { commune: _dropped, ...rest } = query;
    return rest;
  }
  return { ...query, province: commune.provinceCode };
}
