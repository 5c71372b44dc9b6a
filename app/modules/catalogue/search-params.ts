// The catalogue search URL (/tim-kiem, /danh-muc/:group, /co-so/:slug): what each query parameter
// may hold, and the way back from a query to a URL. Plain module (server, components, tests).
//
// A shared or hand-edited URL never fails: a value that does not parse is dropped (the page shows
// results without that filter), a repeated parameter counts once (the first), unknown ones are
// ignored. The page itself is all in the URL, so links are shareable and the back button works.
import { z } from "zod";
import type { OcopGroup } from "~/generated/prisma/enums";
import { CERTIFICATE_KINDS, type CertificateKind } from "~/modules/certificates/status";
import { CATEGORY_SLUGS, parseGroup } from "./categories";

/** The search page (the category and producer pages are narrowed copies of it). */
export const SEARCH_PATH = "/tim-kiem";

export const SORTS = ["relevance", "price-asc", "price-desc", "newest", "stars"] as const;
export type Sort = (typeof SORTS)[number];
export const DEFAULT_SORT: Sort = "relevance";

/** OCOP stars filter: "at least" this many. */
export const STAR_LEVELS = [3, 4, 5] as const;
export type StarLevel = (typeof STAR_LEVELS)[number];

export const PAGE_SIZE = 24;
export const MAX_QUERY_LENGTH = 100;
/** The most words of a query that are matched (the rest is ignored). */
export const MAX_TOKENS = 8;
/** Prices above this (1 billion đồng) are not a filter anyone means. */
export const MAX_PRICE = 1_000_000_000;

export interface CatalogueQuery {
  q?: string;
  province?: string;
  commune?: string;
  stars?: StarLevel;
  group?: OcopGroup;
  cert?: CertificateKind;
  /** Price range in đồng, inclusive. */
  min?: number;
  max?: number;
  /** Only products in stock. */
  stock?: true;
  sort: Sort;
  /** Opaque keyset cursor of the next page (cursor.ts). */
  after?: string;
  /** The page language when the URL names it (`?lang=en`): kept in every link of the page. */
  lang?: "vi" | "en";
}

/** Letters and digits of the query, NFC, without control characters, spaces collapsed, ≤ 100 chars. */
export function cleanQuery(value: string): string {
  return (
    value
      .normalize("NFC")
      // eslint-disable-next-line no-control-regex -- control characters are what is removed
      .replace(/[\u0000-\u001f\u007f]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, MAX_QUERY_LENGTH)
      .trim()
  );
}

/**
 * The words a query is matched by: split on anything that is not a letter or digit, lower-cased,
 * each once, at most MAX_TOKENS. One-letter words are dropped when longer ones exist (they would
 * match almost anything); the database strips the accents.
 */
export function queryTokens(q: string | undefined): string[] {
  if (!q) return [];
  const words = [
    ...new Set(
      q
        .normalize("NFC")
        .toLocaleLowerCase("vi")
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean),
    ),
  ];
  const long = words.filter((w) => [...w].length > 1);
  return (long.length ? long : words).slice(0, MAX_TOKENS).map((w) => w.slice(0, 40));
}

/** "150.000", "150 000 ₫", "150000đ" → 150000; anything else → undefined. */
export function parsePrice(value: string): number | undefined {
  const digits = value.replace(/[\s.,_₫đĐ]|vnd/gi, "");
  if (!/^\d{1,10}$/.test(digits)) return undefined;
  const n = Number(digits);
  return n <= MAX_PRICE ? n : undefined;
}

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const QuerySchema = z.object({
  q: optional(z.string().transform((s) => cleanQuery(s) || undefined)),
  province: optional(z.string().regex(/^\d{2}$/)),
  commune: optional(z.string().regex(/^\d{5}$/)),
  stars: optional(z.enum(["3", "4", "5"]).transform((s) => Number(s) as StarLevel)),
  group: optional(z.string().transform((s) => parseGroup(s) ?? undefined)),
  cert: optional(
    z
      .string()
      .transform((s) => s.toUpperCase())
      .pipe(z.enum(CERTIFICATE_KINDS)),
  ),
  min: optional(z.string().transform(parsePrice)),
  max: optional(z.string().transform(parsePrice)),
  stock: optional(z.enum(["1", "true", "on"]).transform(() => true as const)),
  sort: z.enum(SORTS).catch(DEFAULT_SORT).default(DEFAULT_SORT),
  after: optional(z.string().regex(/^[A-Za-z0-9_-]{1,400}$/)),
  lang: optional(z.enum(["vi", "en"])),
});

/** The query a URL asks for. Never throws. */
export function parseCatalogueQuery(params: URLSearchParams): CatalogueQuery {
  const first: Record<string, string> = {};
  for (const [key, value] of params) {
    if (!(key in first) && value.trim() !== "") first[key] = value.trim();
  }
  const parsed = QuerySchema.parse(first);
  const query: CatalogueQuery = { sort: parsed.sort };
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== undefined) (query as unknown as Record<string, unknown>)[key] = value;
  }
  // A reversed range is read the way it was surely meant.
  if (query.min !== undefined && query.max !== undefined && query.min > query.max) {
    [query.min, query.max] = [query.max, query.min];
  }
  return query;
}

/** Keys in the order URLs are written, so one query always gives one URL. */
const ORDER = [
  "q",
  "province",
  "commune",
  "group",
  "stars",
  "cert",
  "min",
  "max",
  "stock",
  "sort",
  "after",
  "lang",
] as const;
type Key = (typeof ORDER)[number];

/**
 * The URL query of a catalogue query ("q=ca+phe&province=68"), with `changes` applied (undefined
 * removes a parameter). The default sort is left out; groups are written as their slug.
 */
export function toSearchParams(
  query: Partial<CatalogueQuery>,
  changes: Partial<Record<Key, unknown>> = {},
): URLSearchParams {
  const merged: Partial<Record<Key, unknown>> = { ...query, ...changes };
  const out = new URLSearchParams();
  for (const key of ORDER) {
    const value = merged[key];
    if (value === undefined || value === null || value === "" || value === false) continue;
    if (key === "sort" && value === DEFAULT_SORT) continue;
    if (key === "group") out.set(key, CATEGORY_SLUGS[value as OcopGroup] ?? String(value));
    else if (key === "stock") out.set(key, "1");
    else out.set(key, String(value));
  }
  return out;
}

/** `path?query` (just `path` when the query is empty). */
export function catalogueHref(
  path: string,
  query: Partial<CatalogueQuery>,
  changes: Partial<Record<Key, unknown>> = {},
): string {
  const search = toSearchParams(query, changes).toString();
  return search ? `${path}?${search}` : path;
}

/** Filters that narrow the results (not the words, the order, the page or the language). */
export function activeFilterCount(query: CatalogueQuery): number {
  return (["province", "commune", "group", "stars", "cert", "min", "max", "stock"] as const).filter(
    (k) => query[k] !== undefined,
  ).length;
}

/** Sort by relevance only means something with words to match: without them it is by stars. */
export function effectiveSort(
  query: Pick<CatalogueQuery, "q" | "sort">,
): Exclude<Sort, "relevance"> | "relevance" {
  return query.sort === "relevance" && queryTokens(query.q).length === 0 ? "stars" : query.sort;
}

/**
 * Whether search engines should index a results page: not a later page, not an empty one, not one
 * narrowed by more than one filter (thin, near-duplicate pages), not a re-sorted one.
 */
export function indexable(query: CatalogueQuery, total: number, fixedFilters = 0): boolean {
  return (
    !query.after && total > 0 && activeFilterCount(query) - fixedFilters <= 1 && query.sort === DEFAULT_SORT
  );
}
