// The SQL of the catalogue search (search.server.ts runs it): the words' match in two passes,
// filters, the relevance score, keyset conditions, and facet counts each without its own filter.
// Plain module: it only builds text and parameter lists (every value is a bound parameter; only
// fixed fragments are written into the text).
import { CERTIFICATE_KINDS, type CertificateKind } from "~/modules/certificates/status";
import { vnDateOf } from "~/modules/traceability/vn-time";
import { type CursorKeys, type CursorOrder, decodeCursor } from "./cursor";
import { type CatalogueQuery, effectiveSort, PAGE_SIZE, queryTokens } from "./search-params";

/**
 * pg_trgm word similarity a query word needs in the typo-tolerant pass: 0.4 lets "caphe" find
 * "ca phe" (0.44); words of up to SHORT_WORD letters need SHORT_WORD_SIMILARITY ("vak" ~ "vac" is
 * 0.5, "phin" ~ "phu" only 0.4).
 */
export const WORD_SIMILARITY_THRESHOLD = 0.4;
const SHORT_WORD = 4;
const SHORT_WORD_SIMILARITY = 0.5;

export interface SqlOptions {
  /** Only this producer's products (the producer page). */
  producerId?: string;
  pageSize?: number;
  /** "Today" for certificate validity (tests). */
  now?: Date;
}

class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ""): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

/**
 * How the words are matched. `exact`: each word starts a word of the product's text (a regular
 * expression the trigram index serves, cheap to check). `fuzzy`: each word is similar to a word of
 * the text (pg_trgm word similarity, for typos); used only when the exact pass finds nothing.
 */
export type MatchMode = "exact" | "fuzzy";

type FilterName = "province" | "commune" | "group" | "stars" | "cert" | "stock";
const FACETED: readonly FilterName[] = ["province", "commune", "group", "stars", "cert", "stock"];

interface Compiled {
  /** Conditions every row must meet whatever the facet: listed, words, price, producer. */
  base: string[];
  /** Per filter: its condition (on p = Product, pr = Producer), or null when not set. */
  filters: Record<FilterName, string | null>;
  /** The relevance score expression (its parameters are only added when asked for), or null without words. */
  score: (() => string) | null;
  tokens: string[];
}

const validCertificate = (today: string) =>
  `c."revokedAt" IS NULL AND c."issuedOn" <= ${today} AND (c."expiresOn" IS NULL OR c."expiresOn" >= ${today})`;

function compile(query: CatalogueQuery, options: SqlOptions, params: Params, mode: MatchMode): Compiled {
  const tokens = queryTokens(query.q);
  const base = [`p."listedAt" IS NOT NULL`];
  let score: (() => string) | null = null;
  if (tokens.length) {
    const words = tokens.map((t) => `"ocop_unaccent"(${params.add(t, "::text")})`);
    // Tokens are letters and digits only (queryTokens), so they are safe inside a pattern.
    const starts = words.map((w) => `('\\m' || ${w})`);
    if (mode === "exact") base.push(...starts.map((re) => `p."searchText" ~ ${re}`));
    else
      words.forEach((w, i) => {
        base.push(`p."searchText" %> ${w}`);
        // A short word has few trigrams: one shared letter pair would already be "similar".
        if ([...tokens[i]!].length <= SHORT_WORD)
          base.push(`word_similarity(${w}, p."searchText") >= ${SHORT_WORD_SIMILARITY}`);
      });
    // How well each word is found in the name: 1 when a word of the name starts with it, else (typos)
    // its word similarity to the name. Then the whole query against the name, and the stars.
    const inName = words.map((w, i) =>
      mode === "exact"
        ? `(p."searchName" ~ ${starts[i]})::int`
        : `CASE WHEN p."searchName" ~ ${starts[i]} THEN 1 ELSE word_similarity(${w}, p."searchName") END`,
    );
    score = () => {
      const phrase = `"ocop_unaccent"(${params.add(tokens.join(" "), "::text")})`;
      return `(2.0 * (${inName.join(" + ")}) / ${words.length}
      + CASE WHEN starts_with(p."searchName", ${phrase}) THEN 0.5
             WHEN strpos(p."searchName", ${phrase}) > 0 THEN 0.3
             WHEN strpos(p."searchText", ${phrase}) > 0 THEN 0.2 ELSE 0 END
      + 0.5 * length(${phrase}) / greatest(length(p."searchName"), length(${phrase}), 1)
      + 0.02 * coalesce(p."ocopStars", 0))`;
    };
  }
  if (options.producerId) base.push(`p."producerId" = ${params.add(options.producerId, "::uuid")}`);
  if (query.min !== undefined) base.push(`p."priceVnd" >= ${params.add(query.min, "::int")}`);
  if (query.max !== undefined) base.push(`p."priceVnd" <= ${params.add(query.max, "::int")}`);

  let cert: string | null = null;
  if (query.cert) {
    const kind = params.add(query.cert, `::"CertificateKind"`);
    const valid = validCertificate(params.add(vnDateOf(options.now ?? new Date()), "::date"));
    // Uncorrelated: each side is read once into a hash, whatever the number of rows tested.
    cert = `(p."id" IN (SELECT c."productId" FROM "Certificate" c WHERE c."kind" = ${kind} AND ${valid})
      OR p."producerId" IN (SELECT c."producerId" FROM "Certificate" c
                            WHERE c."productId" IS NULL AND c."kind" = ${kind} AND ${valid}))`;
  }
  return {
    base,
    tokens,
    score,
    filters: {
      province: query.province ? `pr."provinceCode" = ${params.add(query.province)}` : null,
      commune: query.commune ? `pr."communeCode" = ${params.add(query.commune)}` : null,
      group: query.group ? `p."ocopGroup" = ${params.add(query.group, `::"OcopGroup"`)}` : null,
      stars: query.stars ? `coalesce(p."ocopStars", 0) >= ${params.add(query.stars, "::int")}` : null,
      cert,
      stock: query.stock ? `p."stock" > 0` : null,
    },
  };
}

interface OrderSpec {
  order: CursorOrder;
  /** Key expressions (on p), then p.id; all in one direction, so a row comparison pages them. */
  keys: string[];
  desc: boolean;
}

function orderOf(query: CatalogueQuery, compiled: Compiled): OrderSpec {
  const sort = effectiveSort(query);
  switch (sort) {
    case "relevance":
      return { order: "relevance", keys: [`round((${compiled.score!()})::numeric, 6)`], desc: true };
    case "price-asc":
      return { order: "price-asc", keys: [`p."priceVnd"`], desc: false };
    case "price-desc":
      return { order: "price-desc", keys: [`p."priceVnd"`], desc: true };
    case "newest":
      return { order: "newest", keys: [`p."listedAt"`], desc: true };
    case "stars":
      return { order: "stars", keys: [`coalesce(p."ocopStars", 0)`, `p."listedAt"`], desc: true };
  }
}

function cursorValues(keys: CursorKeys): [unknown, string][] {
  switch (keys.order) {
    case "relevance":
      return [[keys.score, "::numeric"]];
    case "price-asc":
    case "price-desc":
      return [[keys.price, "::int"]];
    case "newest":
      return [[keys.listedAt, "::timestamptz"]];
    case "stars":
      return [
        [keys.stars, "::int"],
        [keys.listedAt, "::timestamptz"],
      ];
  }
}

const and = (conditions: (string | null)[]) => conditions.filter(Boolean).join("\n    AND ") || "TRUE";

/** `(k0, k1, id) < ($1, $2, $3)`: the rows after the cursor, in the order's direction. */
function afterCursor(
  query: CatalogueQuery,
  spec: OrderSpec,
  columns: string[],
  params: Params,
): string | null {
  const cursor = decodeCursor(query.after, spec.order);
  if (!cursor) return null;
  const values = [
    ...cursorValues(cursor).map(([v, cast]) => params.add(v, cast)),
    params.add(cursor.id, "::uuid"),
  ];
  return `(${columns.join(", ")}) ${spec.desc ? "<" : ">"} (${values.join(", ")})`;
}

const CARD_COLUMNS = `p."slug", p."name", p."priceVnd", p."unit", p."ocopStars", p."stock",
       pr."name" AS "producerName", pr."slug" AS "producerSlug", pv."name" AS "provinceName",
       ph."hash", ph."width", ph."height", ph."alt"`;

const CARD_JOINS = `JOIN "Product" p ON p."id" = h."id"
  JOIN "Producer" pr ON pr."id" = p."producerId"
  JOIN "Province" pv ON pv."code" = pr."provinceCode"
  LEFT JOIN LATERAL (
    SELECT f."hash", f."width", f."height", f."alt" FROM "ProductPhoto" f
    WHERE f."productId" = p."id" ORDER BY f."position" LIMIT 1
  ) ph ON TRUE`;

/**
 * The page alone: the ids and keys of one page of matches (+1 to know there is a next), in an
 * order an index can give when there are no words, then their cards; always one row with the
 * change clock.
 */
export function pageSql(query: CatalogueQuery, options: SqlOptions = {}, mode: MatchMode = "exact") {
  const params = new Params();
  const compiled = compile(query, options, params, mode);
  const spec = orderOf(query, compiled);
  const conditions: (string | null)[] = [...compiled.base, ...FACETED.map((f) => compiled.filters[f])];
  conditions.push(afterCursor(query, spec, [...spec.keys, `p."id"`], params));
  const dir = spec.desc ? "DESC" : "ASC";
  const keyColumns = spec.keys.map((k, i) => `${k} AS "k${i}"`).join(", ");
  const orderBy = (t: string) =>
    [...spec.keys.map((_, i) => `${t}"k${i}" ${dir}`), `${t}"id" ${dir}`].join(", ");
  const limit = params.add((options.pageSize ?? PAGE_SIZE) + 1, "::int");
  const text = `
WITH hits AS (
  SELECT p."id", ${keyColumns}
  FROM "Product" p JOIN "Producer" pr ON pr."id" = p."producerId"
  WHERE ${and(conditions)}
  ORDER BY ${orderBy("")}
  LIMIT ${limit}
)
SELECT clock."last_value"::text AS "clock", h.*, ${CARD_COLUMNS}
FROM "catalogue_clock" clock
LEFT JOIN (hits h
  ${CARD_JOINS}) ON TRUE
ORDER BY ${orderBy("h.")}`;
  return { text, values: params.values, spec, tokens: compiled.tokens };
}

/** The matched rows with each filter's verdict, and every facet's counts, each without its own filter. */
function facetCtes(
  query: CatalogueQuery,
  options: SqlOptions,
  compiled: Compiled,
  params: Params,
  extraColumns = "",
) {
  const flag = (f: FilterName) => `${compiled.filters[f] ?? "TRUE"} AS "f_${f}"`;
  const except = (...left: FilterName[]) =>
    and(FACETED.filter((f) => !left.includes(f) && compiled.filters[f]).map((f) => `"f_${f}"`));
  const today = params.add(vnDateOf(options.now ?? new Date()), "::date");
  const certOthers = except("cert");
  return `base AS MATERIALIZED (
  SELECT p."id", p."producerId", pr."provinceCode" AS "province", pr."communeCode" AS "commune",
         p."ocopGroup" AS "grp", coalesce(p."ocopStars", 0) AS "stars", p."stock" > 0 AS "inStock",
         ${FACETED.map(flag).join(", ")}${extraColumns}
  FROM "Product" p JOIN "Producer" pr ON pr."id" = p."producerId"
  WHERE ${and(compiled.base)}
),
counts AS (
  SELECT 'province' AS "facet", "province" AS "key", count(*)::int AS "n" FROM base
    WHERE ${except("province", "commune")} GROUP BY "province"
  ${
    query.province
      ? `UNION ALL SELECT 'commune', "commune", count(*)::int FROM base WHERE ${except("commune")} GROUP BY "commune"`
      : ""
  }
  UNION ALL SELECT 'group', "grp"::text, count(*)::int FROM base WHERE ${except("group")} GROUP BY "grp"
  UNION ALL SELECT 'stars', "stars"::text, count(*)::int FROM base WHERE ${except("stars")} GROUP BY "stars"
  UNION ALL SELECT 'stock', "inStock"::text, count(*)::int FROM base WHERE ${except("stock")} GROUP BY "inStock"
  UNION ALL SELECT 'cert', x."kind"::text, count(*)::int FROM (
      SELECT b."id", c."kind" FROM base b JOIN "Certificate" c ON c."productId" = b."id"
       WHERE ${validCertificate(today)} AND ${certOthers}
      UNION
      SELECT b."id", c."kind" FROM base b
        JOIN "Certificate" c ON c."producerId" = b."producerId" AND c."productId" IS NULL
       WHERE ${validCertificate(today)} AND ${certOthers}
    ) x GROUP BY x."kind"
),
labelled AS (
  SELECT counts."facet", counts."key", counts."n", coalesce(pv."name", cm."name", '') AS "label"
  FROM counts
  LEFT JOIN "Province" pv ON counts."facet" = 'province' AND pv."code" = counts."key"
  LEFT JOIN "Commune" cm ON counts."facet" = 'commune' AND cm."code" = counts."key"
)`;
}

/** Every facet's counts (one statement over the matched rows). */
export function facetsSql(query: CatalogueQuery, options: SqlOptions = {}, mode: MatchMode = "exact") {
  const params = new Params();
  const compiled = compile(query, options, params, mode);
  const text = `WITH ${facetCtes(query, options, compiled, params)}\nSELECT * FROM labelled`;
  return { text, values: params.values };
}

/**
 * Page and facets in one statement, the words matched once (their check is the costly part): one
 * row holding the clock, the page's cards and the facet counts as JSON.
 */
export function combinedSql(query: CatalogueQuery, options: SqlOptions = {}, mode: MatchMode = "exact") {
  const params = new Params();
  const compiled = compile(query, options, params, mode);
  const spec = orderOf(query, compiled);
  const keys = spec.keys.map((k, i) => `, ${k} AS "k${i}"`).join("");
  const ctes = facetCtes(query, options, compiled, params, keys);
  const all = and(FACETED.filter((f) => compiled.filters[f]).map((f) => `"f_${f}"`));
  const cursor = afterCursor(query, spec, [...spec.keys.map((_, i) => `"k${i}"`), `"id"`], params);
  const dir = spec.desc ? "DESC" : "ASC";
  const orderBy = (t: string) =>
    [...spec.keys.map((_, i) => `${t}"k${i}" ${dir}`), `${t}"id" ${dir}`].join(", ");
  const limit = params.add((options.pageSize ?? PAGE_SIZE) + 1, "::int");
  const text = `
WITH ${ctes},
hits AS (
  SELECT "id", ${spec.keys.map((_, i) => `"k${i}"`).join(", ")} FROM base
  WHERE ${and([all, cursor])}
  ORDER BY ${orderBy("")}
  LIMIT ${limit}
),
cards AS (
  SELECT h.*, ${CARD_COLUMNS}
  FROM hits h
  ${CARD_JOINS}
)
SELECT (SELECT "last_value"::text FROM "catalogue_clock") AS "clock",
       (SELECT coalesce(json_agg(cards ORDER BY ${orderBy("cards.")}), '[]') FROM cards) AS "items",
       (SELECT coalesce(json_agg(labelled), '[]') FROM labelled) AS "facets",
       (SELECT count(*)::int FROM base) AS "matched"`;
  return { text, values: params.values, spec, tokens: compiled.tokens };
}

// A certificate kind as one bit (CERTIFICATE_KINDS order): a product's valid kinds are one integer.
const KIND_BIT = `CASE c."kind" ${CERTIFICATE_KINDS.map((k, i) => `WHEN '${k}' THEN ${1 << i}`).join(" ")} END`;

/** The kinds of a bit mask made with KIND_BIT. */
export const kindsOfMask = (mask: number): CertificateKind[] =>
  CERTIFICATE_KINDS.filter((_, i) => (mask & (1 << i)) !== 0);

/**
 * Every listed product counted by province, group, stars, stock and set of valid certificate
 * kinds (a bit mask), with the province names (facet-cube.ts answers the facets of any browse from it); with a
 * province, only its products, counted by commune too.
 */
export function cubeSql(options: Pick<SqlOptions, "now"> & { province?: string } = {}) {
  const params = new Params();
  const today = params.add(vnDateOf(options.now ?? new Date()), "::date");
  const province = options.province ? params.add(options.province) : null;
  const commune = province ? `pr."communeCode"` : `''::text`;
  const text = `
WITH own AS (
  SELECT c."productId", bit_or(${KIND_BIT}) AS "mask" FROM "Certificate" c
  WHERE c."productId" IS NOT NULL AND ${validCertificate(today)} GROUP BY c."productId"
),
wide AS (
  SELECT c."producerId", bit_or(${KIND_BIT}) AS "mask" FROM "Certificate" c
  WHERE c."productId" IS NULL AND ${validCertificate(today)} GROUP BY c."producerId"
),
cube AS (
  SELECT pr."provinceCode" AS "province", ${commune} AS "commune", p."ocopGroup"::text AS "grp",
         coalesce(p."ocopStars", 0)::int AS "stars", p."stock" > 0 AS "inStock",
         coalesce(own."mask", 0) | coalesce(wide."mask", 0) AS "mask", count(*)::int AS "n"
  FROM "Product" p
  JOIN "Producer" pr ON pr."id" = p."producerId"
  LEFT JOIN own ON own."productId" = p."id"
  LEFT JOIN wide ON wide."producerId" = p."producerId"
  WHERE p."listedAt" IS NOT NULL${province ? ` AND pr."provinceCode" = ${province}` : ""}
  GROUP BY 1, 2, 3, 4, 5, 6
)
SELECT cube.*, pv."name" AS "provinceName", coalesce(cm."name", '') AS "communeName"
FROM cube
JOIN "Province" pv ON pv."code" = cube."province"
LEFT JOIN "Commune" cm ON cm."code" = cube."commune"`;
  return { text, values: params.values };
}
